using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace ECarto.Territories;

/// <summary>
/// The territories of one data version in memory: every territory's header (identity, parents, a few
/// figures; no indicators), the full figures of the levels above the commune (about 160 territories, the
/// parents every fiche compares with), and the communes of each territory. Loaded once per version; a
/// commune's full figures are the one storage read of its fiche, once per version: every territory's fiche
/// is then kept as its answer's compressed bytes (see <see cref="Answer"/>), dropped with the version.
/// </summary>
public sealed class TerritoryDirectory
{
    /// <summary>
    /// The most bytes of compressed fiche answers one version keeps (64 MiB). At national size a fiche is
    /// about 160 to 190 KB of JSON and 12 KB in Brotli: the budget holds about 5,000 territories (the 170
    /// above the commune and the most read communes; all 35,139 would take about 420 MB). Past it, the least
    /// recently read are dropped first, and their next request builds them again.
    /// </summary>
    public const long AnswerBudget = 64L * 1024 * 1024;

    private readonly MemoryCache _answers;
    private readonly Dictionary<(string Level, string Code), Territory> _headers = [];
    private readonly Dictionary<(string Level, string Code), Territory> _full = [];
    private readonly Dictionary<(string Level, string Code), HashSet<string>> _communes = [];
    private readonly Dictionary<string, HashSet<string>> _lyceeGroups = new(StringComparer.Ordinal);

    public TerritoryDirectory(string version, IEnumerable<Territory> headers, IEnumerable<Territory> full, long answerBudget = AnswerBudget)
    {
        Version = version;
        _answers = new MemoryCache(new MemoryCacheOptions { SizeLimit = answerBudget, TrackStatistics = true });
        foreach (var t in headers)
        {
            _headers[(t.Level, t.Code)] = t;
            if (t.Level != TerritoryLevel.Commune) continue;
            foreach (var key in t.Parents.Select(p => (p.Level, p.Code)))
            {
                if (!_communes.TryGetValue(key, out var set)) _communes[key] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(t.Code);
            }
        }
        foreach (var t in full)
        {
            _full[(t.Level, t.Code)] = t;
            foreach (var (group, uais) in t.LyceeGroups)
            {
                if (!_lyceeGroups.TryGetValue(group, out var set)) _lyceeGroups[group] = set = new HashSet<string>(StringComparer.Ordinal);
                set.UnionWith(uais);
            }
        }
    }

    /// <summary>The UAIs of a lycée group (<c>lycee-gt</c>, <c>lycee-pro</c>) over every département; null for another type.</summary>
    public IReadOnlySet<string>? LyceeGroup(string type) =>
        type is Establishments.SchoolScope.LyceeGt or Establishments.SchoolScope.LyceePro ? _lyceeGroups.GetValueOrDefault(type) ?? [] : null;

    public string Version { get; }

    public Territory? Header(string level, string code) => _headers.GetValueOrDefault((level, code));

    /// <summary>A territory above the commune level with its indicators.</summary>
    public Territory? Full(string level, string code) => _full.GetValueOrDefault((level, code));

    public IEnumerable<Territory> OfLevel(string level) => _headers.Values.Where(t => t.Level == level);

    /// <summary>The kept answer of a territory's fiche (as <see cref="Api.HttpCaching.Precompress"/> made it), or null.</summary>
    public byte[]? Answer(string level, string code) => _answers.TryGetValue((level, code), out byte[]? answer) ? answer : null;

    /// <summary>Keeps the answer of a territory's fiche for this version, within <see cref="AnswerBudget"/>.</summary>
    public void KeepAnswer(string level, string code, byte[] answer) =>
        _answers.Set((level, code), answer, new MemoryCacheEntryOptions { Size = answer.Length });

    /// <summary>The bytes of the answers kept (an estimate: the cache's own count).</summary>
    public long AnswerBytes => _answers.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    /// <summary>The communes of a territory (itself for a commune).</summary>
    public IReadOnlySet<string> CommunesOf(string level, string code) => level == TerritoryLevel.Commune
        ? new HashSet<string>([code], StringComparer.Ordinal)
        : _communes.GetValueOrDefault((level, code)) ?? [];
}

/// <summary>Keeps the <see cref="TerritoryDirectory"/> of the served version (the one of the search index), rebuilt when it changes.</summary>
public sealed class TerritoryDirectoryProvider(TerritoryStore store, ILogger<TerritoryDirectoryProvider> logger)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private TerritoryDirectory? _directory;

    public async Task<TerritoryDirectory> GetAsync(string version, CancellationToken cancellationToken = default)
    {
        if (_directory is { } current && current.Version == version) return current;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_directory is { } again && again.Version == version) return again;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var headers = new List<Territory>();
            await foreach (var t in store.ReadHeadersAsync(version, cancellationToken)) headers.Add(t);
            var full = new List<Territory>();
            foreach (var level in TerritoryLevel.All.Where(l => l != TerritoryLevel.Commune)) full.AddRange(await store.ReadLevelAsync(version, level, cancellationToken));
            logger.LogInformation("Territoires de la version {Version} chargés : {Count} en-têtes et {Full} fiches complètes, en {Seconds:F1} s",
                version, headers.Count, full.Count, clock.Elapsed.TotalSeconds);
            return _directory = new TerritoryDirectory(version, headers, full);
        }
        finally
        {
            _lock.Release();
        }
    }
}
