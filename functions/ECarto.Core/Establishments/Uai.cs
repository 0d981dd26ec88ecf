using System.Text.RegularExpressions;

namespace ECarto.Establishments;

/// <summary>Unité administrative immatriculée: seven digits and a letter (« 0310036W »).</summary>
public static partial class Uai
{
    [GeneratedRegex("^[0-9]{7}[A-Z]$")]
    private static partial Regex Pattern();

    /// <summary>Upper-cased and trimmed when well formed, else null.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var candidate = text.Trim().ToUpperInvariant();
        return Pattern().IsMatch(candidate) ? candidate : null;
    }
}
