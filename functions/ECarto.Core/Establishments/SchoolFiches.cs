using System.Buffers;
using System.Diagnostics;
using Azure;
using ECarto.Ingestion;
using ECarto.Search;
using ECarto.Storage;
using Microsoft.Extensions.Logging;

namespace ECarto.Establishments;

/// <summary>
/// What a fiche reads that is fixed for a published version, loaded once per instance per version: every
/// school as its stored JSON line (from the version's search snapshot, kept Brotli-compressed and decoded on
/// demand: about 2 KB of JSON a school, 149 MB at national size, kept in about a third) and the source states (the dates of the
/// attributions). A fiche then costs no storage read; a version without a snapshot costs one (its entity).
/// Which version to serve is the caller's: the one of the search index, whose provider re-reads the
/// current-version pointer at most every <see cref="SearchOptions.VersionCheckInterval"/>.
/// </summary>
public sealed class SchoolFiches(ECartoStorage storage, SchoolStore schools, VersionSourceStates states, ILogger<SchoolFiches> logger)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private SchoolFichesOfVersion? _current;

    /// <summary>The fiches of a version: loaded at the first call for it, then shared (the previous version's are dropped).</summary>
    public async Task<SchoolFichesOfVersion> GetAsync(string version, CancellationToken cancellationToken = default)
    {
        if (_current is { } current && current.Version == version) return current;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } again && again.Version == version) return again;
            var clock = Stopwatch.StartNew();
            var sources = await states.GetAsync(version, cancellationToken);
            var lines = await ReadSnapshotAsync(version, cancellationToken);
            _current = new SchoolFichesOfVersion(version, lines, sources, schools);
            if (lines is null)
            {
                logger.LogInformation("Fiches de la version {Version} : pas d'instantané, une lecture de la table par fiche", version);
            }
            else
            {
                logger.LogInformation("Fiches de la version {Version} en mémoire : {Count} établissements, {Megabytes:F0} Mo, en {Seconds:F1} s",
                    version, _current.Count, _current.Bytes / 1048576.0, clock.Elapsed.TotalSeconds);
            }
            return _current;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Each school's JSON line by UAI; null when the version has no snapshot (published before snapshots existed).</summary>
    private async Task<Dictionary<string, byte[]>?> ReadSnapshotAsync(string version, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.SnapshotsContainer, cancellationToken);
        var lines = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            await foreach (var line in JsonLinesBlob.ReadLinesAsync(container.GetBlobClient(SearchSnapshots.BlobName(version)), cancellationToken))
            {
                lines[JsonLinesBlob.Deserialize<Key>(line).Uai] = Compress(line);
            }
        }
        catch (RequestFailedException error) when (error.Status == 404)
        {
            return null;
        }
        return lines;
    }

    /// <summary>A line as its length (4 bytes) then its Brotli (quality 4): about a third of the JSON, decoded in microseconds.</summary>
    private static byte[] Compress(byte[] line) => Api.HttpCaching.Precompress(line, quality: 4);

    internal static School Decompress(byte[] stored)
    {
        var line = ArrayPool<byte>.Shared.Rent(Api.HttpCaching.PrecompressedLength(stored));
        try
        {
            return JsonLinesBlob.Deserialize<School>(Api.HttpCaching.Decompress(stored, line));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(line);
        }
    }

    /// <summary>Only the UAI of a line (the rest is skipped).</summary>
    private sealed record Key(string Uai);
}

/// <summary>The fiches of one version: see <see cref="SchoolFiches"/>.</summary>
public sealed class SchoolFichesOfVersion
{
    private readonly Dictionary<string, byte[]>? _lines;
    private readonly SchoolStore _schools;

    internal SchoolFichesOfVersion(string version, Dictionary<string, byte[]>? lines, IReadOnlyDictionary<string, SourceState> sources, SchoolStore schools)
    {
        Version = version;
        _lines = lines;
        Sources = sources;
        _schools = schools;
        Bytes = lines?.Values.Sum(l => (long)l.Length) ?? 0;
    }

    public string Version { get; }

    /// <summary>The state of every source as it was when this version was first served here (for the attributions' dates).</summary>
    public IReadOnlyDictionary<string, SourceState> Sources { get; }

    /// <summary>Whether the fiches are in memory (else each is one read of the version's table).</summary>
    public bool InMemory => _lines is not null;

    public int Count => _lines?.Count ?? 0;

    /// <summary>The size of the compressed JSON held in memory.</summary>
    public long Bytes { get; }

    /// <summary>The school of this version from the fiches in memory, or null when unknown or not <see cref="InMemory"/>.</summary>
    public School? FindHeld(string uai) => _lines is not null && _lines.TryGetValue(uai, out var line) ? SchoolFiches.Decompress(line) : null;

    /// <summary>The school of this version, or null when unknown (or its table is gone, for a version without snapshot).</summary>
    public async ValueTask<School?> FindAsync(string departementCode, string uai, CancellationToken cancellationToken = default)
    {
        if (_lines is not null) return FindHeld(uai);
        return await _schools.GetAsync(Version, departementCode, uai, cancellationToken);
    }
}
