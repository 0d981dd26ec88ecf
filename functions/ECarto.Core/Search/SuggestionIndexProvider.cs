using ECarto.Territories;
using Microsoft.Extensions.Logging;

namespace ECarto.Search;

/// <summary>
/// Keeps the <see cref="SuggestionIndex"/> of the served version: built from the school index and the
/// territory directory of that version, rebuilt when the version changes.
/// </summary>
public sealed class SuggestionIndexProvider(SchoolIndexProvider schools, TerritoryDirectoryProvider directories, ILogger<SuggestionIndexProvider> logger)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private SuggestionIndex? _index;

    /// <summary>The index of the served version, and its territories; null while no version is published.</summary>
    public async Task<(SuggestionIndex Index, TerritoryDirectory Directory)?> GetAsync(CancellationToken cancellationToken = default)
    {
        var schoolIndex = await schools.GetAsync(cancellationToken);
        if (schoolIndex.DataVersion is not { } version) return null;
        var directory = await directories.GetAsync(version, cancellationToken);
        if (_index is { } current && ReferenceEquals(current.Schools, schoolIndex)) return (current, directory);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_index is { } again && ReferenceEquals(again.Schools, schoolIndex)) return (again, directory);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var territories = TerritoryLevel.All.SelectMany(directory.OfLevel);
            _index = new SuggestionIndex(schoolIndex, territories);
            logger.LogInformation("Index des suggestions de la version {Version} construit : {Count} territoires, en {Seconds:F2} s",
                version, _index.TerritoryCount, clock.Elapsed.TotalSeconds);
            return (_index, directory);
        }
        finally
        {
            _lock.Release();
        }
    }
}
