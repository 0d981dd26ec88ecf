namespace ECarto.Sources.Cog;

/// <summary>How a code given to <see cref="CommuneReferential.Resolve"/> leads to a current commune.</summary>
public enum CommuneLink
{
    /// <summary>The code is a current commune.</summary>
    Current,

    /// <summary>A municipal arrondissement of Paris, Lyon or Marseille: resolved to its city.</summary>
    MunicipalArrondissement,

    /// <summary>A delegated commune: resolved to its commune nouvelle.</summary>
    DelegatedCommune,

    /// <summary>An associated commune: resolved to the commune it is associated with.</summary>
    AssociatedCommune,

    /// <summary>A code a current commune had before a merger (its « anciensCodes »).</summary>
    FormerCode,
}

/// <summary>
/// A code resolved to a current commune. <see cref="SourceCode"/> and <see cref="SourceName"/> keep the
/// detail (the arrondissement, the delegated commune) when it differs from the commune.
/// </summary>
public sealed record ResolvedCommune(string Code, string Name, string SourceCode, string? SourceName, CommuneLink Link)
{
    /// <summary>The municipal arrondissement the code designated, if any (« 75105 »).</summary>
    public string? ArrondissementCode => Link == CommuneLink.MunicipalArrondissement ? SourceCode : null;
}

/// <summary>
/// The Code officiel géographique in memory: current communes, their former codes, arrondissements,
/// delegated and associated communes, départements, régions, and the académie of each département.
/// Immutable once built; safe to share between threads.
/// </summary>
public sealed class CommuneReferential
{
    public const string CommunesFile = "communes.json";
    public const string DepartementsFile = "departements.json";
    public const string RegionsFile = "regions.json";
    public const string AcademiesFile = "departement_academie_region.csv";

    private const int MaxHops = 5;

    private readonly Dictionary<string, CogCommune> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CogCommune> _other = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _formerCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CogDepartement> _departements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CogRegion> _regions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DepartementAcademie> _academies = new(StringComparer.Ordinal);
    private readonly List<RejectedRow> _rejected;

    public CommuneReferential(
        IEnumerable<CogCommune> communes,
        IEnumerable<CogDepartement> departements,
        IEnumerable<CogRegion> regions,
        IEnumerable<DepartementAcademie> academies,
        IEnumerable<RejectedRow>? rejected = null)
    {
        _rejected = rejected?.ToList() ?? [];
        foreach (var commune in communes)
        {
            if (commune.Kind == CommuneKind.Current)
            {
                if (!_current.TryAdd(commune.Code, commune)) _rejected.Add(new RejectedRow(0, $"{CommunesFile} : commune actuelle {commune.Code} en double"));
            }
            else if (!_other.TryAdd(commune.Code, commune))
            {
                _rejected.Add(new RejectedRow(0, $"{CommunesFile} : code {commune.Code} en double ({commune.Kind})"));
            }
        }
        foreach (var commune in _current.Values)
        {
            foreach (var former in commune.FormerCodes)
            {
                if (former != commune.Code && !_formerCodes.TryAdd(former, commune.Code) && _formerCodes[former] != commune.Code)
                {
                    _rejected.Add(new RejectedRow(0, $"{CommunesFile} : ancien code {former} revendiqué par {_formerCodes[former]} et {commune.Code}"));
                }
            }
        }
        foreach (var d in departements) _departements.TryAdd(d.Code, d);
        foreach (var r in regions) _regions.TryAdd(r.Code, r);
        foreach (var a in academies) _academies.TryAdd(a.DepartementCode, a);
    }

    /// <summary>Rows of the four files that were rejected while loading, with their file in the reason.</summary>
    public IReadOnlyList<RejectedRow> Rejected => _rejected;

    public IReadOnlyCollection<CogCommune> CurrentCommunes => _current.Values;
    public IReadOnlyCollection<CogDepartement> Departements => _departements.Values;
    public IReadOnlyCollection<CogRegion> Regions => _regions.Values;
    public IReadOnlyCollection<DepartementAcademie> Academies => _academies.Values;

    /// <summary>Loads communes.json, departements.json, regions.json and departement_academie_region.csv from one folder.</summary>
    public static async Task<CommuneReferential> LoadAsync(string folder, CancellationToken cancellationToken = default)
    {
        var rejected = new List<RejectedRow>();
        async Task<List<T>> Json<T>(string file, Func<Stream, CancellationToken, IAsyncEnumerable<RowResult<T>>> read) where T : class
        {
            await using var stream = File.OpenRead(Path.Combine(folder, file));
            var values = new List<T>();
            await foreach (var row in read(stream, cancellationToken))
            {
                if (row.Value is { } value) values.Add(value);
                else rejected.Add(new RejectedRow(row.Line, $"{file} : {row.Rejection}"));
            }
            return values;
        }

        var regions = await Json<CogRegion>(RegionsFile, CogReader.ReadRegionsAsync);
        var departements = await Json<CogDepartement>(DepartementsFile, CogReader.ReadDepartementsAsync);
        var communes = await Json<CogCommune>(CommunesFile, CogReader.ReadCommunesAsync);
        var academies = new List<DepartementAcademie>();
        var academiesPath = Path.Combine(folder, AcademiesFile);
        if (File.Exists(academiesPath))
        {
            await using var stream = File.OpenRead(academiesPath);
            using var reader = await SourceText.OpenAsync(stream, cancellationToken);
            await foreach (var row in DepartementAcademieReader.ReadAsync(reader, cancellationToken))
            {
                if (row.Value is { } value) academies.Add(value);
                else rejected.Add(new RejectedRow(row.Line, $"{AcademiesFile} : {row.Rejection}"));
            }
        }
        return new CommuneReferential(communes, departements, regions, academies, rejected);
    }

    /// <summary>True when the code is a commune of today (not an arrondissement, not a former commune).</summary>
    public bool IsCurrent(string? code) => Normalize(code) is { } c && _current.ContainsKey(c);

    /// <summary>
    /// The current commune a code designates: a current commune itself; a municipal arrondissement its city
    /// (Paris 75056, Lyon 69123, Marseille 13055); a delegated or associated commune its chef-lieu; a former
    /// code the commune that took it over. Null for a code the COG does not know.
    /// </summary>
    public ResolvedCommune? Resolve(string? code)
    {
        var source = Normalize(code);
        if (source is null) return null;
        if (_current.TryGetValue(source, out var current))
        {
            return new ResolvedCommune(current.Code, current.Name, source, null, CommuneLink.Current);
        }
        if (_other.TryGetValue(source, out var other))
        {
            var target = other.ParentCode;
            for (var hop = 0; target is not null && hop < MaxHops; hop++)
            {
                if (_current.TryGetValue(target, out var parent))
                {
                    var link = other.Kind switch
                    {
                        CommuneKind.MunicipalArrondissement => CommuneLink.MunicipalArrondissement,
                        CommuneKind.DelegatedCommune => CommuneLink.DelegatedCommune,
                        _ => CommuneLink.AssociatedCommune,
                    };
                    return new ResolvedCommune(parent.Code, parent.Name, source, other.Name, link);
                }
                target = _other.TryGetValue(target, out var next) ? next.ParentCode : _formerCodes.GetValueOrDefault(target);
            }
        }
        if (_formerCodes.TryGetValue(source, out var heir) && _current.TryGetValue(heir, out var merged))
        {
            return new ResolvedCommune(merged.Code, merged.Name, source, null, CommuneLink.FormerCode);
        }
        return null;
    }

    /// <summary>
    /// The commune déléguée a source line designates by its code and name: the COG's delegated (or
    /// associated) commune of that code when the source names it (« La Chapelle-Janson », 35062, in today's
    /// La Chapelle-Fleurigné). The chef-lieu's delegated commune shares the code of its commune nouvelle, so
    /// the code alone cannot tell; the name must match too (case, accents and punctuation aside). Null when
    /// the name is today's commune's, or matches no commune déléguée of that code.
    /// </summary>
    public string? DelegatedCommuneName(string? code, string? sourceName)
    {
        if (Normalize(code) is not { } c || string.IsNullOrWhiteSpace(sourceName)) return null;
        if (!_other.TryGetValue(c, out var delegated) || delegated.Kind is not (CommuneKind.DelegatedCommune or CommuneKind.AssociatedCommune)) return null;
        var key = Text.FrenchText.Key(sourceName);
        if (key != Text.FrenchText.Key(delegated.Name)) return null;
        return Resolve(c) is { } current && Text.FrenchText.Key(current.Name) == key ? null : delegated.Name;
    }

    /// <summary>The current commune a code designates (see <see cref="Resolve"/>).</summary>
    public CogCommune? Commune(string? code) => Resolve(code) is { } r ? _current[r.Code] : null;

    public string? Name(string? code) => Commune(code)?.Name;

    public int? Population(string? code) => Commune(code)?.Population;

    /// <summary>The département of the commune a code designates.</summary>
    public CogDepartement? DepartementOf(string? communeCode) =>
        Commune(communeCode)?.DepartementCode is { } d ? _departements.GetValueOrDefault(d) : null;

    /// <summary>The région of the commune a code designates.</summary>
    public CogRegion? RegionOf(string? communeCode) =>
        Commune(communeCode)?.RegionCode is { } r ? _regions.GetValueOrDefault(r) : null;

    /// <summary>The académie of the commune a code designates.</summary>
    public DepartementAcademie? AcademieOf(string? communeCode) =>
        Commune(communeCode)?.DepartementCode is { } d ? Academie(d) : null;

    public CogDepartement? Departement(string? departementCode) =>
        SourceValues.DepartementCode(departementCode) is { } d ? _departements.GetValueOrDefault(d) : null;

    public CogRegion? Region(string? regionCode) => regionCode is null ? null : _regions.GetValueOrDefault(regionCode.Trim());

    /// <summary>The académie of a département (COG or ministry code: « 31 », « 031 », « 2A »).</summary>
    public DepartementAcademie? Academie(string? departementCode) =>
        SourceValues.DepartementCode(departementCode) is { } d ? _academies.GetValueOrDefault(d) : null;

    /// <summary>Upper-cased and trimmed; a code that lost its leading zero in a spreadsheet (« 1001 ») gets it back.</summary>
    private static string? Normalize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        var c = code.Trim().ToUpperInvariant();
        if (c.Length == 4 && c.All(char.IsAsciiDigit)) c = "0" + c;
        return SourceValues.IsCommuneCode(c) ? c : null;
    }
}
