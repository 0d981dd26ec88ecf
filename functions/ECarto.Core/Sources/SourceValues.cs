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
    public static bool TryReadPoint(SourceRow row, out double? latitude, out double? longitude, out string? problem) =>
        TryReadPoint(row, out latitude, out longitude, out problem, out _);

    /// <summary>
    /// As above; when latitude and longitude are both missing, the projected « x », « y » and « epsg »
    /// columns are converted (<see cref="ProjectedCoordinates"/>). An EPSG code we do not know leaves the
    /// point missing (<see cref="PointOrigin.UnknownProjection"/>): the line is kept, without coordinates.
    /// </summary>
    public static bool TryReadPoint(SourceRow row, out double? latitude, out double? longitude, out string? problem, out PointOrigin origin)
    {
        latitude = longitude = null;
        problem = null;
        origin = PointOrigin.None;
        if (row["latitude"] is null && row["longitude"] is null) return TryReadProjected(row, out latitude, out longitude, out problem, out origin);
        if (!TryParseDecimal(row["latitude"], out var lat) || !TryParseDecimal(row["longitude"], out var lon))
        {
            problem = $"coordonnées illisibles (« {row["latitude"]} », « {row["longitude"]} »)";
            return false;
        }
        if (!FranceBounds.Contains(lat, lon))
        {
            problem = $"coordonnées hors de France ({F(lat)}, {F(lon)})";
            return false;
        }
        (latitude, longitude) = (lat, lon);
        origin = PointOrigin.LatitudeLongitude;
        return true;
    }

    private static bool TryReadProjected(SourceRow row, out double? latitude, out double? longitude, out string? problem, out PointOrigin origin)
    {
        latitude = longitude = null;
        problem = null;
        origin = PointOrigin.None;
        var xText = row["x"];
        var yText = row["y"];
        if (xText is null && yText is null) return true;
        if (!TryParseDecimal(xText, out var x) || !TryParseDecimal(yText, out var y))
        {
            problem = $"coordonnées projetées illisibles (« {xText} », « {yText} »)";
            return false;
        }
        var epsg = row["epsg"];
        if (!ProjectedCoordinates.TryParseCode(epsg, out var code) || !ProjectedCoordinates.IsSupported(code))
        {
            origin = PointOrigin.UnknownProjection;
            return true;
        }
        ProjectedCoordinates.TryToWgs84(code, x, y, out var lat, out var lon);
        if (!FranceBounds.Contains(lat, lon))
        {
            problem = $"coordonnées projetées ({F(x)}, {F(y)}, EPSG:{code}) hors de France une fois converties ({F(lat)}, {F(lon)})";
            return false;
        }
        (latitude, longitude) = (lat, lon);
        origin = PointOrigin.Projected;
        return true;
    }

    private static string F(double value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Where a row's point came from.</summary>
public enum PointOrigin
{
    /// <summary>No coordinates in the row.</summary>
    None,

    /// <summary>Its latitude and longitude columns.</summary>
    LatitudeLongitude,

    /// <summary>Its projected X/Y, converted from a known EPSG code.</summary>
    Projected,

    /// <summary>Projected X/Y with a missing or unknown EPSG code: left without coordinates.</summary>
    UnknownProjection,
}
