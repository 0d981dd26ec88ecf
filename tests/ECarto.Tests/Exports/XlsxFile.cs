using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ECarto.Tests.Exports;

/// <summary>A cell read back: its text (as written), whether it is a number, a formula or empty, and its style's number format id.</summary>
public sealed record XlsxCell(string? Text, bool IsNumber, bool IsFormula, bool IsBoolean)
{
    public bool IsEmpty => string.IsNullOrEmpty(Text) && !IsFormula;

    public double Number => double.Parse(Text!, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An xlsx read back with the Open XML SDK: its sheets in order, each as rows of cells by column.</summary>
public sealed class XlsxFile
{
    public IReadOnlyList<string> SheetNames { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<XlsxCell>>> Sheets { get; }
    public IReadOnlyDictionary<string, (bool FrozenHeader, string? AutoFilter)> Views { get; }
    public string? Title { get; }

    public XlsxFile(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var names = new List<string>();
        var sheets = new Dictionary<string, IReadOnlyList<IReadOnlyList<XlsxCell>>>();
        var views = new Dictionary<string, (bool, string?)>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            var rows = new List<IReadOnlyList<XlsxCell>>();
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                var cells = new List<XlsxCell>();
                var column = 0;
                foreach (var cell in row.Elements<Cell>())
                {
                    // Cells may skip columns when they carry a reference; fill the gap with empty cells.
                    if (cell.CellReference?.Value is { } reference)
                    {
                        var target = ColumnIndex(reference);
                        while (column < target) { cells.Add(new XlsxCell(null, false, false, false)); column++; }
                    }
                    var type = cell.DataType?.Value;
                    var text = type == CellValues.InlineString ? cell.InlineString?.InnerText
                        : type == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text)]
                        : cell.CellValue?.Text;
                    var isNumber = type is null || type == CellValues.Number;
                    cells.Add(new XlsxCell(text, isNumber && !string.IsNullOrEmpty(text), cell.CellFormula is not null, type == CellValues.Boolean));
                    column++;
                }
                rows.Add(cells);
            }
            var frozen = part.Worksheet.Descendants<Pane>().Any(p => p.State?.Value == PaneStateValues.Frozen && p.VerticalSplit?.Value == 1);
            var filter = part.Worksheet.Descendants<AutoFilter>().FirstOrDefault()?.Reference?.Value;
            names.Add(sheet.Name!.Value!);
            sheets[sheet.Name!.Value!] = rows;
            views[sheet.Name!.Value!] = (frozen, filter);
        }
        SheetNames = names;
        Sheets = sheets;
        Views = views;
        Title = document.PackageProperties.Title;
    }

    public IReadOnlyList<IReadOnlyList<XlsxCell>> this[string sheet] => Sheets[sheet];

    /// <summary>The header row's texts.</summary>
    public IReadOnlyList<string?> Headers(string sheet) => Sheets[sheet][0].Select(c => c.Text).ToList();

    /// <summary>The data rows (without the header), each as a map from header to cell.</summary>
    public IReadOnlyList<Dictionary<string, XlsxCell>> Records(string sheet)
    {
        var headers = Headers(sheet);
        return Sheets[sheet].Skip(1).Select(row => headers
            .Select((h, i) => (h, cell: i < row.Count ? row[i] : new XlsxCell(null, false, false, false)))
            .ToDictionary(x => x.h!, x => x.cell)).ToList();
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter)) index = index * 26 + (c - 'A' + 1);
        return index - 1;
    }
}
