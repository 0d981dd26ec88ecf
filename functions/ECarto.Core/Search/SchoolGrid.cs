namespace ECarto.Search;

/// <summary>
/// The schools of <see cref="SchoolCatalog.Nearby"/> (open, with coordinates) in a grid of cells of
/// <see cref="CellDegrees"/>° (about 5.5 km north–south): a search around a point reads only the cells of
/// its radius' bounding box, not every school of France. Built once per version with the catalogue.
/// </summary>
internal sealed class SchoolGrid
{
    public const double CellDegrees = 0.05;
    private const double EarthRadiusMeters = 6_371_000;

    /// <summary>The positions of each non-empty cell, ascending, by (row, column) packed in a long.</summary>
    private readonly Dictionary<long, int[]> _cells;

    /// <param name="positions">The positions to hold, ascending, with their coordinates.</param>
    public SchoolGrid(IEnumerable<(int Position, double Latitude, double Longitude)> positions)
    {
        var lists = new Dictionary<long, List<int>>();
        var all = new List<int>();
        foreach (var (position, latitude, longitude) in positions)
        {
            var key = Key(Row(latitude), Column(longitude));
            if (!lists.TryGetValue(key, out var list)) lists[key] = list = [];
            list.Add(position);
            all.Add(position);
        }
        _cells = lists.ToDictionary(c => c.Key, c => c.Value.ToArray());
        All = [.. all];
    }

    /// <summary>Every position held, ascending.</summary>
    public int[] All { get; }

    public int CellCount => _cells.Count;

    /// <summary>
    /// The cells that may hold a point within <paramref name="radiusMeters"/> of (latitude, longitude) on the
    /// sphere of <see cref="ECarto.Indicators.MobileSiteIndex.DistanceMeters"/>: those of the radius' bounding
    /// box (with a margin), a superset of the answer the caller tests point by point. Null when the box
    /// reaches a pole or the antimeridian: the caller then reads <see cref="All"/>.
    /// </summary>
    public IEnumerable<int[]>? Cells(double latitude, double longitude, double radiusMeters)
    {
        // A point within distance d is within d / R radians of latitude; in longitude, within
        // asin(sin(d / R) / cos(latitude)) when the circle holds no pole (the bounding box of a spherical cap).
        var angle = radiusMeters / EarthRadiusMeters * 1.000_1 + 1e-9;
        var latitudeSpan = angle * 180 / Math.PI;
        var (south, north) = (latitude - latitudeSpan, latitude + latitudeSpan);
        if (north >= 90 || south <= -90 || angle >= Math.PI / 2) return null;
        var ratio = Math.Sin(angle) / Math.Cos(latitude * Math.PI / 180);
        if (ratio >= 1) return null;
        var longitudeSpan = Math.Asin(ratio) * 180 / Math.PI * 1.000_1 + 1e-9;
        var (west, east) = (longitude - longitudeSpan, longitude + longitudeSpan);
        if (west <= -180 || east >= 180) return null;
        return Enumerate(Row(south), Row(north), Column(west), Column(east));
    }

    private IEnumerable<int[]> Enumerate(int firstRow, int lastRow, int firstColumn, int lastColumn)
    {
        for (var row = firstRow; row <= lastRow; row++)
        {
            for (var column = firstColumn; column <= lastColumn; column++)
            {
                if (_cells.TryGetValue(Key(row, column), out var cell)) yield return cell;
            }
        }
    }

    private static int Row(double latitude) => (int)Math.Floor(latitude / CellDegrees);

    private static int Column(double longitude) => (int)Math.Floor(longitude / CellDegrees);

    private static long Key(int row, int column) => ((long)row << 32) | (uint)column;
}
