using System.Globalization;

namespace ECarto.Sources;

/// <summary>Parsing of the numbers and codes found in French open-data files.</summary>
public static class SourceValues
{
    /// <summary>A decimal with a point or a decimal comma, spaces as thousands separators allowed.</summary>
    public static bool TryParseDecimal(string? text, out double value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var cleaned = text.Replace(" ", "", StringComparison.Ordinal).Replace('\u00A0'.ToString(), "", StringComparison.Ordinal)
            .Replace('\u202F'.ToString(), "", StringComparison.Ordinal).Replace(',', '.');
        return double.TryParse(cleaned, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>
    /// The COG code of a département from the ministry's three-character code: « 031 » → « 31 »,
    /// « 02A » → « 2A », « 971 » stays « 971 ».
    /// </summary>
    public static string? DepartementCode(string? menCode)
    {
        if (string.IsNullOrWhiteSpace(menCode)) return null;
        var code = menCode.Trim().ToUpperInvariant();
        if (code.Length == 3 && code[0] == '0') code = code[1..];
        if (code.Length == 1) code = "0" + code;
        return code.Length is 2 or 3 && code.All(char.IsAsciiLetterOrDigit) ? code : null;
    }

    public static bool IsCommuneCode(string? code) =>
        code is { Length: 5 } && (code.All(char.IsAsciiDigit) || (code.StartsWith("2A", StringComparison.Ordinal) || code.StartsWith("2B", StringComparison.Ordinal)) && code[2..].All(char.IsAsciiDigit));

    /// <summary>
    /// The WGS 84 point of a row's « latitude » and « longitude » columns: none when both are missing; a
    /// reason (in French) when they are unreadable, half given, or outside France.
    /// </summary>
    public static bool TryReadPoint(SourceRow row, out double? latitude, out double? longitude, out string? problem)
    {
        latitude = longitude = null;
        problem = null;
        if (row["latitude"] is null && row["longitude"] is null) return true;
        if (!TryParseDecimal(row["latitude"], out var lat) || !TryParseDecimal(row["longitude"], out var lon))
        {
            problem = $"coordonnées illisibles (« {row["latitude"]} », « {row["longitude"]} »)";
            return false;
        }
        if (!FranceBounds.Contains(lat, lon))
        {
            problem = $"coordonnées hors de France ({lat.ToString(CultureInfo.InvariantCulture)}, {lon.ToString(CultureInfo.InvariantCulture)})";
            return false;
        }
        (latitude, longitude) = (lat, lon);
        return true;
    }
}
