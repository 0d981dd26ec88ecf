using ECarto.Establishments;
using ECarto.Search;
using ECarto.Territories;

namespace ECarto.Exports.Spreadsheets;

/// <summary>
/// The full schools of a selection, in its order, with their communes: from the version's fiches held in
/// memory (<see cref="SchoolFiches"/>: only the selection's are decoded), else from its search snapshot (one
/// blob, every school of France decoded: about a second and 100 to 250 MB), or from its table for a version
/// without one.
/// </summary>
public sealed class ExportSchools(SearchSnapshots snapshots, SchoolStore store, TerritoryDirectoryProvider directories, SchoolFiches fiches)
{
    public async Task<IReadOnlyList<SchoolRow>> ReadAsync(string version, IReadOnlyList<SchoolSummary> selection, CancellationToken cancellationToken)
    {
        var positions = new Dictionary<string, int>(selection.Count, StringComparer.Ordinal);
        for (var i = 0; i < selection.Count; i++) positions[selection[i].Uai] = i;
        var found = new School?[selection.Count];
        void Keep(School school)
        {
            if (positions.TryGetValue(school.Uai, out var position)) found[position] = school;
        }
        var held = await fiches.GetAsync(version, cancellationToken);
        if (held.InMemory)
        {
            foreach (var summary in selection)
            {
                if (await held.FindAsync(summary.DepartementCode, summary.Uai, cancellationToken) is { } school) Keep(school);
            }
        }
        else if (await snapshots.ReadAsync(version, cancellationToken) is { } all) all.ForEach(Keep);
        else await foreach (var school in store.ReadAllAsync(version, cancellationToken)) Keep(school);

        var directory = await directories.GetAsync(version, cancellationToken);
        return found.OfType<School>()
            .Select(s => new SchoolRow(s, s.CommuneCode is { } code ? directory.Header(TerritoryLevel.Commune, code) : null))
            .ToList();
    }
}
