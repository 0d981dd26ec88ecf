using System.Text;

namespace ECarto.Exports.Spreadsheets;

/// <summary>
/// What a spreadsheet export does to text from the data: a cell can never become a formula, and a file
/// name only ever holds plain ASCII letters, digits and dashes.
/// </summary>
public static class SpreadsheetText
{
    /// <summary>The first characters that make a spreadsheet read a cell as a formula (OWASP « CSV injection »).</summary>
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>
    /// The text as a cell shows it: a text starting like a formula is prefixed with an apostrophe, as OWASP
    /// recommends, so that neither the workbook, nor a copy-paste, nor a CSV saved from it can run it.
    /// The cell is always written as text (never as a formula) besides.
    /// </summary>
    public static string? Neutralize(string? text) =>
        string.IsNullOrEmpty(text) || Array.IndexOf(FormulaStarts, text[0]) < 0 ? text : "'" + text;

    /// <summary>A piece of a download name: lower-case ASCII letters and digits joined by single dashes, at most <paramref name="length"/> characters.</summary>
    public static string FileNamePart(string? text, int length = 60)
    {
        var folded = Text.FrenchText.Fold(text);
        var name = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') name.Append(c);
            else if (name.Length > 0 && name[^1] != '-') name.Append('-');
        }
        var part = name.ToString().Trim('-');
        return part.Length <= length ? part : part[..length].TrimEnd('-');
    }
}
