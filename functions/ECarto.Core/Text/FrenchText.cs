using System.Globalization;
using System.Text;

namespace ECarto.Text;

/// <summary>Folding of French text for matching: case, accents, ligatures and punctuation ignored.</summary>
public static class FrenchText
{
    /// <summary>
    /// « Lycée Pierre-de-Fermat » → « lycee pierre de fermat »: lower case, no diacritics, œ/æ spelled
    /// out, every run of other characters turned into one space.
    /// </summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var lower = char.ToLowerInvariant(c);
            string? piece = lower switch
            {
                'œ' => "oe",
                'æ' => "ae",
                'ß' => "ss",
                _ => null,
            };
            if (piece is null && !char.IsLetterOrDigit(lower))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace) builder.Append(' ');
            pendingSpace = false;
            if (piece is null) builder.Append(lower);
            else builder.Append(piece);
        }
        return builder.ToString();
    }

    /// <summary>A key for identifiers such as column names: folded, without any separator.</summary>
    public static string Key(string? text) => Fold(text).Replace(" ", "", StringComparison.Ordinal);

    /// <summary>A slug for URLs and filters: « Médico-social » → « medico-social ».</summary>
    public static string Slug(string? text) => Fold(text).Replace(' ', '-');
}
