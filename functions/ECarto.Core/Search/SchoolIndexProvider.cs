using ECarto.Establishments;
using ECarto.Ingestion;
using Microsoft.Extensions.Logging;

namespace ECarto.Search;

/// <summary>
/// Keeps the search index of the published data version, built from its snapshot (or its table for a
/// version without one). Checks the version at most every
/// <see cref="SearchOptions.VersionCheckInterval"/>, and rebuilds the index when it changed (a new run was
/// published, possibly by another instance), on the clock of <paramref name="time"/> (the system's by default).
/// </summary>
public sealed class SchoolIndexProvider(SchoolStore schools, SearchSnapshots snapshots, DataVersions versions, SearchOptions options, ILogger<SchoolIndexProvider> logger, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private SchoolIndex? _index;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;

    public async Task<SchoolIndex> GetAsync(CancellationToken cancellationToken = default)
    {
        var index = _index;
        if (index is not null && _time.GetUtcNow() - _checkedAt < options.VersionCheckInterval) return index;

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_index is not null && _time.GetUtcNow() - _checkedAt < options.VersionCheckInterval) return _index;
            var published = await versions.CurrentAsync(cancellationToken);
            if (_index is null || _index.DataVersion != published?.Version)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var builder = new SchoolIndex.Builder();
                var from = published is null ? "aucune version publiée" : await LoadAsync(published.Version, builder, cancellationToken);
                _index = builder.Build(published?.Version);
                logger.LogInformation("Index de recherche construit depuis {From} : {Count} établissements, version {Version}, en {Seconds:F1} s",
                    from, _index.Count, published?.Version ?? "aucune", clock.Elapsed.TotalSeconds);
            }
            _checkedAt = _time.GetUtcNow();
            return _index;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Streams the version's schools into <paramref name="builder"/>; says where they came from.</summary>
    private async Task<string> LoadAsync(string version, SchoolIndex.Builder builder, CancellationToken cancellationToken)
    {
        if (await snapshots.ReadEachAsync(version, builder.Add, cancellationToken)) return "l'instantané";
        // A version published before snapshots existed: its table, entity by entity.
        await foreach (var school in schools.ReadAllAsync(version, cancellationToken)) builder.Add(school);
        return "la table";
    }

    /// <summary>Forces a version check on the next request (after a run published in this process).</summary>
    public void Invalidate() => _checkedAt = DateTimeOffset.MinValue;
}

public sealed class SearchOptions
{
    public TimeSpan VersionCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    public int DefaultPageSize { get; set; } = 20;

    public int MaxPageSize { get; set; } = 100;
}
