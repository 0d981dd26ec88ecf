using ECarto.Sources.Arcep;

namespace ECarto.Indicators;

/// <summary>
/// Mobile network around a school: the Arcep sites (not coverage maps) within a radius, by technology and
/// operator. An indicator of access, not a measure of the signal inside the building.
/// </summary>
public sealed record MobileSitesNearby(int RadiusMeters, int Sites, int Sites4G, IReadOnlyList<string> Operators4G, IReadOnlyList<string> Operators3G, string SourceDate);

/// <summary>
/// Finds the sites near a point with a grid of 0.05° cells (about 5.5 km north–south): a point's
/// neighbours are in its cell and the eight around it, for any radius up to the cell's size.
/// </summary>
public sealed class MobileSiteIndex
{
    public const int DefaultRadiusMeters = 2_000;
    private const double Cell = 0.05;
    private const double EarthRadiusMeters = 6_371_000;
    private readonly Dictionary<(int, int), List<MobileSite>> _cells = [];
    private readonly string _sourceDate;

    public MobileSiteIndex(IEnumerable<MobileSite> sites, string sourceDate)
    {
        _sourceDate = sourceDate;
        foreach (var site in sites)
        {
            var key = Key(site.Latitude, site.Longitude);
            if (!_cells.TryGetValue(key, out var list)) _cells[key] = list = [];
            list.Add(site);
        }
    }

    public MobileSitesNearby Around(double latitude, double longitude, int radiusMeters = DefaultRadiusMeters)
    {
        var (row, column) = Key(latitude, longitude);
        var near = new List<MobileSite>();
        for (var dr = -1; dr <= 1; dr++)
        {
            for (var dc = -1; dc <= 1; dc++)
            {
                if (!_cells.TryGetValue((row + dr, column + dc), out var list)) continue;
                near.AddRange(list.Where(s => DistanceMeters(latitude, longitude, s.Latitude, s.Longitude) <= radiusMeters));
            }
        }
        static IReadOnlyList<string> Operators(IEnumerable<MobileSite> sites) =>
            sites.Select(s => s.OperatorName ?? s.OperatorCode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new MobileSitesNearby(radiusMeters, near.Count, near.Count(s => s.Has4G), Operators(near.Where(s => s.Has4G)), Operators(near.Where(s => s.Has3G)), _sourceDate);
    }

    /// <summary>Great-circle distance (haversine).</summary>
    public static double DistanceMeters(double lat1, double lon1, double lat2, double lon2)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(lat2 - lat1);
        var dLon = Radians(lon2 - lon1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static (int, int) Key(double latitude, double longitude) => ((int)Math.Floor(latitude / Cell), (int)Math.Floor(longitude / Cell));
}
