using ECarto.Establishments;
using ECarto.Search;
using ECarto.Territories;

namespace ECarto.Exports.Spreadsheets;

/// <summary>
/// The full schools of a selection, in its order, with their communes: from the version's fiches held in
/// memory (<see cref="SchoolFiches"/>), decoded one at a time as the workbook is written, so that even the
/// national export never holds its 66,000 schools at once; else from its search snapshot (one blob, every
/// school of France decoded: about a second and 100 to 250 MB), or from its table for a version without one.
/// </summary>
public sealed class ExportSchools(SearchSnapshots snapshots, SchoolStore store, TerritoryDirectoryProvider directories, SchoolFiches fiches)
{
    public async Task<IEnumerable<SchoolRow>> ReadAsync(string version, IReadOnlyList<SchoolSummary> selection, CancellationToken cancellationToken)
    {
        var held = await fiches.GetAsync(version, cancellationToken);
        var directory = await directories.GetAsync(version, cancellationToken);
        SchoolRow RowOf(School s) => new(s, s.CommuneCode is { } code ? directory.Header(TerritoryLevel.Commune, code) : null);
        if (held.InMemory) return selection.Select(summary => held.FindHeld(summary.Uai)).OfType<School>().Select(RowOf);

        var positions = new Dictionary<string, int>(selection.Count, StringComparer.Ordinal);
        for (var i = 0; i < selection.Count; i++) positions[selection[i].Uai] = i;
        var found = new School?[selection.Count];
        void Keep(School school)
        {
            if (positions.TryGetValue(school.Uai, out var position)) found[position] = school;
        }
        if (!await snapshots.ReadEachAsync(version, Keep, cancellationToken))
        {
            await foreach (var school in store.ReadAllAsync(version, cancellationToken)) Keep(school);
        }
        return found.OfType<School>().Select(RowOf).ToList();
    }
}
