using System.Collections.Frozen;
using ECarto.Sources.Arcep;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace ECarto.Sources;

/// <summary>
/// Projected coordinates of the ministry's files (X/Y with an EPSG code) to WGS 84 latitude/longitude,
/// by ProjNET. Lambert-93 in metropolitan France; overseas, the UTM zone of each territory. The
/// overseas systems (RGFG95, RGR92, RGM04, RGAF09, RRAF 1991) are aligned on WGS 84 within a metre,
/// so the WGS 84 UTM zone of the same number gives the position. An EPSG code that is not listed
/// here is unknown: the caller keeps the line without coordinates and says so.
/// </summary>
public static class ProjectedCoordinates
{
    /// <summary>The UTM zone (number, northern hemisphere?) of each supported overseas EPSG code.</summary>
    private static readonly FrozenDictionary<int, (int Zone, bool North)> Utm = new Dictionary<int, (int, bool)>
    {
        [2972] = (22, true),  // RGFG95 / UTM 22N, Guyane
        [2975] = (40, false), // RGR92 / UTM 40S, La Réunion
        [4471] = (38, false), // RGM04 / UTM 38S, Mayotte
        [4559] = (20, true),  // RRAF 1991 / UTM 20N, Guadeloupe and Martinique
        [5490] = (20, true),  // RGAF09 / UTM 20N, Antilles
        [32620] = (20, true), // WGS 84 / UTM 20N, Antilles
        [32621] = (21, true), // WGS 84 / UTM 21N, Saint-Pierre-et-Miquelon
        [32622] = (22, true), // WGS 84 / UTM 22N, Guyane
        [32738] = (38, false),// WGS 84 / UTM 38S, Mayotte
        [32740] = (40, false),// WGS 84 / UTM 40S, La Réunion
    }.ToFrozenDictionary();

    /// <summary>One transformation per thread and code, built once (ProjNET transforms are not documented as thread-safe).</summary>
    private static readonly ThreadLocal<Dictionary<int, MathTransform>> Transforms = new(() => []);

    public const int Lambert93Code = 2154;

    /// <summary>The number of « EPSG:2154 », « epsg:2154 » or « 2154 »; false when it is not such a code.</summary>
    public static bool TryParseCode(string? text, out int code)
    {
        code = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var span = text.AsSpan().Trim();
        if (span.StartsWith("EPSG:", StringComparison.OrdinalIgnoreCase)) span = span[5..];
        return int.TryParse(span, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out code);
    }

    public static bool IsSupported(int code) => code == Lambert93Code || Utm.ContainsKey(code);

    /// <summary>Converts (x, y) in EPSG <paramref name="code"/> to WGS 84; false when the code is unknown.</summary>
    public static bool TryToWgs84(int code, double x, double y, out double latitude, out double longitude)
    {
        latitude = longitude = 0;
        if (code == Lambert93Code)
        {
            (latitude, longitude) = Lambert93.ToWgs84(x, y);
            return true;
        }
        if (!Utm.TryGetValue(code, out var zone)) return false;
        var transforms = Transforms.Value!;
        if (!transforms.TryGetValue(code, out var transform))
        {
            var utm = ProjectedCoordinateSystem.WGS84_UTM(zone.Zone, zone.North);
            transform = new CoordinateTransformationFactory()
                .CreateFromCoordinateSystems(utm, GeographicCoordinateSystem.WGS84)
                .MathTransform;
            transforms[code] = transform;
        }
        (longitude, latitude) = transform.Transform(x, y);
        return true;
    }
}
