namespace ECarto.Sources.Effectifs;

/// <summary>A rentrée scolaire, as its first calendar year: « 2021 », « 2021-2022 » or « 2021/22 » → 2021.</summary>
public static class SchoolYear
{
    public const int Min = 1990, Max = 2100;

    public static bool TryParse(string? text, out int year)
    {
        year = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        var head = trimmed.Length > 4 && (trimmed[4] is '-' or '/' or ' ') ? trimmed[..4] : trimmed;
        return head.Length == 4 && head.All(char.IsAsciiDigit) && int.TryParse(head, out year) && year is >= Min and <= Max;
    }
}
