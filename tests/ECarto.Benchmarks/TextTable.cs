using System.Globalization;
using System.Text;

namespace ECarto.Benchmarks;

/// <summary>A plain-text table with a header line; the first column left-aligned, the others right-aligned.</summary>
public sealed class TextTable(params string[] header)
{
    private readonly List<string[]?> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    /// <summary>A rule between groups of rows.</summary>
    public void Rule() => _rows.Add(null);

    public override string ToString()
    {
        var widths = header.Select(h => h.Length).ToArray();
        foreach (var row in _rows.OfType<string[]>())
        {
            for (var i = 0; i < row.Length && i < widths.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        }
        var text = new StringBuilder();
        void Line(string[] cells)
        {
            text.Append("  ");
            for (var i = 0; i < widths.Length; i++)
            {
                var cell = i < cells.Length ? cells[i] : "";
                text.Append(i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]));
                if (i < widths.Length - 1) text.Append("  ");
            }
            text.Append('\n');
        }
        var rule = "  " + new string('─', widths.Sum() + 2 * (widths.Length - 1)) + "\n";
        Line(header);
        text.Append(rule);
        foreach (var row in _rows)
        {
            if (row is null) text.Append(rule);
            else Line(row);
        }
        return text.ToString();
    }
}

/// <summary>Numbers the French way, with a plain space between thousands (readable in any terminal).</summary>
public static class Fr
{
    private static readonly NumberFormatInfo Format = new()
    {
        NumberGroupSeparator = " ",
        NumberDecimalSeparator = ",",
        NumberGroupSizes = [3],
    };

    public static string N(long value) => value.ToString("N0", Format);

    public static string N(double value, int decimals = 1) => value.ToString("N" + decimals, Format);

    public static string Rate(double count, double seconds) => seconds <= 0 ? "—" : N(count / seconds, 0);

    public static string Bytes(long bytes) => bytes >= 1L << 30 ? N(bytes / (double)(1L << 30), 2) + " Gio" : N(bytes / (double)(1L << 20), 0) + " Mio";

    public static string Check(bool ok) => ok ? "✓" : "✗";
}
