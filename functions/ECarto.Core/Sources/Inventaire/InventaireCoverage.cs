namespace ECarto.Sources.Inventaire;

/// <summary>
/// Which inventory line a school shows when several files give one: a real inventory (a line with
/// <c>demonstration=false</c>, deposited by a collectivité or read from a configured file) replaces the
/// demonstration for the schools it covers, and only for them.
/// </summary>
public static class InventaireCoverage
{
    /// <summary>
    /// Per UAI: the latest observation among its real lines; only when it has none, the latest of its
    /// demonstration lines. On equal dates the first line given wins (give deposits first).
    /// </summary>
    public static Dictionary<string, InventaireRecord> LatestByUai(IEnumerable<InventaireRecord> rows) =>
        rows
            .GroupBy(r => r.Uai, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (g.Any(r => !r.IsDemonstration) ? g.Where(r => !r.IsDemonstration) : g).MaxBy(r => r.ObservationDate)!,
                StringComparer.Ordinal);
}
