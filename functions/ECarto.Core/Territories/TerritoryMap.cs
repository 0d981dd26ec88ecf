using System.Runtime.CompilerServices;
using ECarto.Indicators;
using ECarto.Search;

namespace ECarto.Territories;

/// <summary>One territory's value of one indicator, as a choropleth colours it.</summary>
/// <param name="Value">The aggregated value (null: no school gives it, « N.C. »).</param>
/// <param name="Schools">The counted schools (for a commune-premises share: those of the territory).</param>
/// <param name="Known">The schools that give the value.</param>
/// <param name="Coverage">Known over counted schools, in % (null without schools).</param>
/// <param name="Demonstration">The known values that come from the demonstration inventory.</param>
public sealed record MapValue(double? Value, int Schools, int Known, double? Coverage, int Demonstration)
{
    public static MapValue Of(AggregateValue? figure) => figure is null
        ? new MapValue(null, 0, 0, null, 0)
        : new MapValue(figure.Value, figure.Schools, figure.Known, figure.Schools > 0 ? 100.0 * figure.Known / figure.Schools : null, figure.Demonstration);
}

/// <summary>A school as a point of the map: its UAI, name, first type and position.</summary>
public sealed record SchoolPoint(string Uai, string Name, string Type, double Latitude, double Longitude);

/// <summary>
/// What the map reads: an indicator for every territory of a level (from the stored figures, never
/// recomputed), and the schools of a territory as points.
/// </summary>
public static class TerritoryMap
{
    /// <summary>The indicators a choropleth can show: one number per territory (not the ones read by bands).</summary>
    public static bool IsMappable(Indicator indicator) => indicator.Aggregation != AggregationRules.Bands;

    /// <summary>
    /// The figure of <paramref name="indicatorId"/> for each of <paramref name="territories"/>: the levels
    /// above the commune from the directory, the communes read by département partition (one query each).
    /// </summary>
    public static async Task<Dictionary<string, MapValue>> ValuesAsync(IReadOnlyList<Territory> territories, string indicatorId, TerritoryDirectory directory, TerritoryStore store, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, MapValue>(StringComparer.Ordinal);
        var communes = territories.Where(t => t.Level == TerritoryLevel.Commune).Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var departement in communes.Select(TerritoryStore.DepartementOfCommune).Distinct(StringComparer.Ordinal))
        {
            foreach (var commune in await store.ReadLevelAsync(directory.Version, $"{TerritoryLevel.Commune}-{departement}", cancellationToken))
            {
                if (communes.Contains(commune.Code)) values[commune.Code] = MapValue.Of(commune.Indicators.FirstOrDefault(i => i.Id == indicatorId)?.All);
            }
        }
        foreach (var t in territories.Where(t => t.Level != TerritoryLevel.Commune))
        {
            values[t.Code] = MapValue.Of(directory.Full(t.Level, t.Code)?.Indicators.FirstOrDefault(i => i.Id == indicatorId)?.All);
        }
        return values;
    }

    private static readonly ConditionalWeakTable<SchoolIndex, Dictionary<string, (double Latitude, double Longitude)>> Positions = new();

    /// <summary>The schools of a page as points: those with a position (the annuaire's or the collèges file's).</summary>
    public static IEnumerable<SchoolPoint> Points(SchoolIndex index, IEnumerable<SchoolSummary> schools)
    {
        var positions = Positions.GetValue(index, i =>
        {
            var byUai = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
            for (var p = 0; p < i.Count; p++)
            {
                var entry = i.EntryAt(p);
                if (entry.Facts.Latitude is { } lat && entry.Facts.Longitude is { } lon) byUai[entry.Summary.Uai] = (lat, lon);
            }
            return byUai;
        });
        foreach (var s in schools)
        {
            if (positions.TryGetValue(s.Uai, out var at)) yield return new SchoolPoint(s.Uai, s.Name, s.Types.FirstOrDefault() ?? "", Math.Round(at.Latitude, 5), Math.Round(at.Longitude, 5));
        }
    }
}
