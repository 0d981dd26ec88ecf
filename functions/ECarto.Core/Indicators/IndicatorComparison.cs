using ECarto.Territories;

namespace ECarto.Indicators;

/// <summary>
/// Whether a territory's figure and another's (a parent, France) compare like with like: <see cref="Comparable"/>
/// when each figure is computed over type groups its territory's data lists in full; else <see cref="Note"/>
/// says which and names the breakdowns that do compare (<see cref="ComparableTypes"/>: the byType entries of
/// both territories to read side by side).
/// </summary>
public sealed record ComparisonBasis(bool Comparable, IReadOnlyList<string> ComparableTypes, string? Note)
{
    public static readonly ComparisonBasis Exact = new(true, [], null);
}

public static class IndicatorComparison
{
    /// <summary>
    /// The rule: a figure enters the type groups where its territory has schools for the indicator and where
    /// one of the indicator's sources covers schools (<see cref="SourceCoverage.ByType"/>). It is complete when
    /// each of those groups is listed in full (<see cref="Territory.CompleteTypes"/>: outside the annuaire's
    /// area only the collèges are). Two figures compare like with like when both are complete. Otherwise, the
    /// groups complete on both sides, present in both breakdowns, compare. A commune-level figure (Arcep
    /// premises) covers the whole country: always comparable.
    /// </summary>
    public static ComparisonBasis Compare(Indicator indicator, Territory territory, Territory other)
    {
        if (!indicator.BrokenDown) return ComparisonBasis.Exact;
        var mine = territory.Indicators.FirstOrDefault(i => i.Id == indicator.Id);
        var theirs = other.Indicators.FirstOrDefault(i => i.Id == indicator.Id);
        var myGroups = Covered(indicator, territory, mine);
        var theirGroups = Covered(indicator, other, theirs);
        var myMissing = myGroups.Except(territory.CompleteTypes).ToList();
        var theirMissing = theirGroups.Except(other.CompleteTypes).ToList();
        if (myMissing.Count == 0 && theirMissing.Count == 0) return new ComparisonBasis(true, [], null);

        var comparable = IndicatorCatalogue.TypeGroups
            .Where(g => territory.CompleteTypes.Contains(g) && other.CompleteTypes.Contains(g))
            .Where(g => mine?.ByType?.ContainsKey(g) == true && theirs?.ByType?.ContainsKey(g) == true)
            .ToList();
        var partial = new List<string>();
        if (myMissing.Count > 0) partial.Add(Statement(territory, myGroups));
        if (theirMissing.Count > 0) partial.Add(Statement(other, theirGroups));
        var advice = comparable.Count == 0
            ? "aucune ventilation par type ne se compare à égalité"
            : $"comparer les {Labels(comparable)} ({string.Join(", ", comparable.Select(g => "byType." + g))})";
        return new ComparisonBasis(false, comparable, $"{string.Join(" ; ", partial)} : {advice}.");
    }

    private static string Statement(Territory territory, IReadOnlyList<string> groups)
    {
        var complete = groups.Where(territory.CompleteTypes.Contains).ToList();
        var name = territory.Level == TerritoryLevel.France ? "la France" : territory.Name;
        return complete.Count == 0
            ? $"Pour {name}, aucun type d'établissement n'est connu en entier"
            : $"Pour {name}, seuls les {Labels(complete)} sont connus en entier";
    }

    /// <summary>The type groups a territory's figure is computed over.</summary>
    private static List<string> Covered(Indicator indicator, Territory territory, IndicatorAggregate? aggregate)
    {
        var covered = territory.Coverage.Where(c => indicator.Sources.Contains(c.SourceId))
            .SelectMany(c => c.ByType.Where(t => t.Value > 0).Select(t => Text.FrenchText.Slug(t.Key)))
            .ToHashSet(StringComparer.Ordinal);
        return IndicatorCatalogue.TypeGroups
            .Where(g => aggregate?.ByType?.TryGetValue(g, out var value) == true && value.Schools > 0)
            .Where(g => covered.Contains(g is Establishments.SchoolScope.LyceeGt or Establishments.SchoolScope.LyceePro ? "lycee" : g))
            .ToList();
    }

    private static string Labels(IEnumerable<string> groups)
    {
        var labels = groups.Select(g => IndicatorCatalogue.TypeGroupLabel(g)).Select(l => l.Any(char.IsLower) ? char.ToLowerInvariant(l[0]) + l[1..] : l).ToList();
        return labels.Count <= 1 ? string.Concat(labels) : string.Join(", ", labels.Take(labels.Count - 1)) + " et " + labels[^1];
    }
}
