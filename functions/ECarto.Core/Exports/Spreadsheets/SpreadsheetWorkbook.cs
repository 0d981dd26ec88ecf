using System.Globalization;
using SpreadCheetah;
using SpreadCheetah.Metadata;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace ECarto.Exports.Spreadsheets;

/// <summary>
/// A workbook written row by row to a stream with SpreadCheetah: nothing of it is kept in memory but
/// the row being written. Every text cell goes through <see cref="SpreadsheetText.Neutralize"/>, and a
/// cell is never written as a formula.
/// </summary>
public sealed class SpreadsheetWorkbook : IAsyncDisposable
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private readonly Spreadsheet _spreadsheet;
    private readonly StyleId _header;
    private readonly StyleId _integer;
    private readonly StyleId _decimal;
    private readonly StyleId _date;
    private readonly StyleId _dateTime;
    private readonly StyleId _wrapped;

    private SpreadsheetWorkbook(Spreadsheet spreadsheet)
    {
        _spreadsheet = spreadsheet;
        _header = spreadsheet.AddStyle(new Style { Font = { Bold = true }, Alignment = { WrapText = true, Vertical = VerticalAlignment.Top } });
        _integer = spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom("#,##0") });
        _decimal = spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom("0.0") });
        _date = spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom("dd/mm/yyyy") });
        _dateTime = spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom("dd/mm/yyyy hh:mm") });
        _wrapped = spreadsheet.AddStyle(new Style { Alignment = { WrapText = true, Vertical = VerticalAlignment.Top } });
    }

    public static async Task<SpreadsheetWorkbook> CreateAsync(Stream stream, string title, CancellationToken cancellationToken)
    {
        var options = new SpreadCheetahOptions
        {
            DocumentProperties = new DocumentProperties { Title = title, Author = "eCarto", Subject = "Observatoire du numérique éducatif" },
        };
        return new SpreadsheetWorkbook(await Spreadsheet.CreateNewAsync(stream, options, cancellationToken));
    }

    /// <summary>Starts a sheet with a frozen, filterable header row and the columns' widths.</summary>
    public async Task StartSheetAsync(string name, IReadOnlyList<SheetColumn> columns, CancellationToken cancellationToken)
    {
        var options = new WorksheetOptions { FrozenRows = 1, AutoFilter = new AutoFilterOptions($"A1:{ColumnName(columns.Count)}1") };
        for (var c = 0; c < columns.Count; c++) options.Column(c + 1).Width = columns[c].Width;
        await _spreadsheet.StartWorksheetAsync(name, options, cancellationToken);
        await _spreadsheet.AddHeaderRowAsync(columns.Select(c => c.Header).ToList(), _header, cancellationToken);
    }

    /// <summary>Starts a sheet of label–value lines (no header, no filter).</summary>
    public async Task StartNotesAsync(string name, double labelWidth, double valueWidth, CancellationToken cancellationToken)
    {
        var options = new WorksheetOptions();
        options.Column(1).Width = labelWidth;
        options.Column(2).Width = valueWidth;
        await _spreadsheet.StartWorksheetAsync(name, options, cancellationToken);
    }

    /// <summary>
    /// Writes a row of plain values, typed by their columns: text (neutralised), numbers, dates; null is an
    /// empty cell. <paramref name="cells"/> is a buffer of the row's length, reused from row to row.
    /// </summary>
    public ValueTask AddRowAsync(IReadOnlyList<SheetColumn> columns, object?[] values, Cell[] cells, CancellationToken cancellationToken)
    {
        for (var c = 0; c < values.Length; c++) cells[c] = CellOf(values[c], columns[c].Kind);
        return _spreadsheet.AddRowAsync(cells, cancellationToken);
    }

    /// <summary>A label in bold and its value (text, number or date), for the <i>À propos</i> sheet.</summary>
    public ValueTask AddNoteAsync(string label, object? value, CancellationToken cancellationToken) =>
        _spreadsheet.AddRowAsync([new Cell(SpreadsheetText.Neutralize(label), _header), value is DateTime dateTime ? new Cell(dateTime, _dateTime) : CellOf(value, SheetColumnKind.Text, _wrapped)], cancellationToken);

    public ValueTask FinishAsync(CancellationToken cancellationToken) => _spreadsheet.FinishAsync(cancellationToken);

    public ValueTask DisposeAsync() => _spreadsheet.DisposeAsync();

    private Cell CellOf(object? value, SheetColumnKind kind, StyleId? textStyle = null) => value switch
    {
        null => new Cell(),
        string text => textStyle is { } style ? new Cell(SpreadsheetText.Neutralize(text), style) : new Cell(SpreadsheetText.Neutralize(text)),
        double number => kind switch
        {
            SheetColumnKind.Integer => new Cell(number, _integer),
            SheetColumnKind.Decimal => new Cell(number, _decimal),
            _ => new Cell(number),
        },
        int number => new Cell(number, kind == SheetColumnKind.Decimal ? _decimal : _integer),
        DateTime date => new Cell(date, _date),
        _ => new Cell(SpreadsheetText.Neutralize(Convert.ToString(value, CultureInfo.InvariantCulture))),
    };

    /// <summary>The letters of a 1-based column number: 1 → A, 27 → AA.</summary>
    public static string ColumnName(int column)
    {
        var name = "";
        for (; column > 0; column = (column - 1) / 26) name = (char)('A' + (column - 1) % 26) + name;
        return name;
    }
}
