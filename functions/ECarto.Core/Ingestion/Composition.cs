using ECarto.Establishments;
using ECarto.Sources;
using ECarto.Sources.Arcep;
using ECarto.Sources.Cog;
using ECarto.Sources.Colleges;
using ECarto.Sources.Effectifs;
using ECarto.Sources.Inventaire;
using ECarto.Sources.Ips;
using ECarto.Indicators;
using ECarto.Territories;
using Microsoft.Extensions.Logging;

namespace ECarto.Ingestion;

/// <summary>
/// Builds one data version from the staged rows of every source.
/// <para>Establishments: the annuaire wins for every field it gives; the national collèges file fills
/// missing coordinates, and adds the collèges the annuaire does not list (the sample annuaire covers two
/// académies, the collèges file the whole of France); pupils come from the annuaire (écoles), else
/// from the latest rentrée of the effectifs file (lycées); the IPS from its file (collèges); the
/// inventory from the inventaire numérique; the Arcep mobile sites within 2 km. A figure for a UAI no establishment has is left out.</para>
/// <para>Communes: every code is mapped to today's commune by the Code officiel géographique (a merged
/// commune to the commune it joined, an arrondissement to its city); Arcep figures of merged communes are
/// summed into today's commune.</para>
/// </summary>
public sealed class Composition(StagedData staged, SourceLocations locations, ILogger<Composition> logger)
{
    public sealed record Result(List<School> Schools, List<Territory> Territories);

    public async Task<Result> ComposeAsync(IReadOnlyDictionary<string, SourceState> sources, CancellationToken cancellationToken)
    {
        async Task<List<T>> Rows<T>(string source) where T : class
        {
            await Task.Yield();
            var rows = new List<T>();
            if (!sources.TryGetValue(source, out var state)) return rows;
            await foreach (var row in staged.ReadAsync<T>(state.StagedBlob, cancellationToken)) rows.Add(row);
            return rows;
        }

        // Every staged source is read at once: reading is decompression and JSON, on all cores.
        var cogRows = Rows<CogCommune>(CogSource.Definition.Id);
        var collegeRows = Rows<CollegeLine>(CollegesSource.Definition.Id);
        var enrolmentRows = Rows<LyceeEnrolment>(EffectifsSource.Definition.Id);
        var ipsRows = Rows<CollegeIps>(IpsSource.Definition.Id);
        var mobileRows = Rows<MobileSite>(ArcepMobileSource.Definition.Id);
        var inventoryRows = Rows<InventaireRecord>(InventaireSource.Definition.Id);
        var depositedInventoryRows = Rows<InventaireRecord>(InventoryIntake.StateId);
        var annuaireRows = Rows<School>(SourceCatalog.Annuaire.Id);
        var eligibilityRows = Rows<BroadbandEligibility>(ArcepFixeSource.Definition.Id);
        var ftthRows = Rows<FtthCommune>(ArcepThdSource.Definition.Id);
        await Task.WhenAll(cogRows, collegeRows, enrolmentRows, ipsRows, mobileRows, inventoryRows, annuaireRows, eligibilityRows, ftthRows);

        var referential = await ReferentialAsync(await cogRows, cancellationToken);
        var colleges = (await collegeRows).ToDictionary(c => c.Uai, StringComparer.Ordinal);
        var enrolments = LyceeEnrolmentReader.LatestByUai(await enrolmentRows);
        var ips = (await ipsRows)
            .GroupBy(i => i.Uai, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.Rentree ?? 0).First(), StringComparer.Ordinal);
        var mobile = sources.TryGetValue(ArcepMobileSource.Definition.Id, out var mobileState)
            ? new MobileSiteIndex(await mobileRows, mobileState.SourceDate)
            : null;
        // A real inventory (deposited, or a configured file) replaces the demonstration for the schools it covers.
        var inventory = InventaireCoverage.LatestByUai((await depositedInventoryRows).Concat(await inventoryRows));

        // Rows staged before attributions carried their source id (an unchanged file is not read again).
        var annuaire = (await annuaireRows)
            .Select(s => s.Source.SourceId is null ? s with { Source = SourceAttribution.For(SourceCatalog.Annuaire, s.Source.Date) } : s)
            .ToList();
        var known = annuaire.Select(s => s.Uai).ToHashSet(StringComparer.Ordinal);
        var collegesOnly = sources.TryGetValue(CollegesSource.Definition.Id, out var collegesState)
            ? colleges.Values.Where(c => !known.Contains(c.Uai)).Select(c => FromCollegesFile(c, collegesState.SourceDate))
            : [];

        var schools = new List<School>();
        foreach (var school in annuaire.Concat(collegesOnly))
        {
            var composed = school with { Types = SchoolScope.Types(school.Types) };
            if (referential is not null)
            {
                composed = WithCurrentCommune(composed, referential);
            }
            if (composed.Latitude is null && colleges.TryGetValue(school.Uai, out var college) && college.Latitude is not null)
            {
                composed = composed with { Latitude = college.Latitude, Longitude = college.Longitude };
            }
            composed = WithEnrolment(composed, enrolments);
            if (ips.TryGetValue(school.Uai, out var index))
            {
                composed = composed with { Ips = index.Ips, IpsRentree = index.Rentree };
            }
            if (mobile is not null && composed.Latitude is { } lat && composed.Longitude is { } lon && FranceBounds.IsMetropolitan(lat, lon))
            {
                composed = composed with { Mobile = mobile.Around(lat, lon) };
            }
            schools.Add(composed with { Inventory = inventory.GetValueOrDefault(school.Uai) });
        }

        var territories = referential is null
            ? []
            : Territories(referential, schools, await eligibilityRows, await ftthRows);
        logger.LogInformation("Composition : {Schools} établissements, {Territories} territoires", schools.Count, territories.Count);
        return new Result(schools, territories);
    }

    /// <summary>
    /// Today's commune from the Code officiel géographique: its code and name, whatever the source wrote.
    /// A merged commune's code is kept as <see cref="School.CommuneCodeInSource"/>, an arrondissement as
    /// <see cref="School.ArrondissementCode"/>, the commune déléguée the source names as
    /// <see cref="School.CommuneDelegueeName"/>.
    /// </summary>
    public static School WithCurrentCommune(School school, CommuneReferential referential)
    {
        if (referential.Resolve(school.CommuneCode) is not { } commune) return school;
        var composed = school with
        {
            CommuneCode = commune.Code,
            CommuneName = commune.Name,
            CommuneDelegueeName = referential.DelegatedCommuneName(school.CommuneCode, school.CommuneName),
        };
        if (commune.Code == school.CommuneCode) return composed;
        return commune.Link == CommuneLink.MunicipalArrondissement
            ? composed with { ArrondissementCode = school.CommuneCode }
            : composed with { CommuneCodeInSource = school.CommuneCode };
    }

    /// <summary>The pupils of the latest rentrée of the effectifs file, for a school whose annuaire line gives none (lycées).</summary>
    public static School WithEnrolment(School school, IReadOnlyDictionary<string, LyceeEnrolment> latestByUai) =>
        school.Pupils is null && latestByUai.TryGetValue(school.Uai, out var enrolment)
            ? school with { Pupils = enrolment.Pupils, PupilsRentree = enrolment.Rentree }
            : school;

    /// <summary>An establishment known only from the national collèges file.</summary>
    public static School FromCollegesFile(CollegeLine c, string sourceDate) => new()
    {
        Uai = c.Uai,
        Name = CollegeName(c),
        Types = ["Collège"],
        Sector = c.Sector,
        NatureCode = c.NatureCode,
        Nature = c.Nature,
        State = c.State,
        Address = c.Address,
        PostalCode = c.PostalCode,
        CommuneCode = c.CommuneCode,
        CommuneName = c.CommuneName,
        DepartementCode = c.DepartementCode,
        DepartementName = c.DepartementName,
        AcademieCode = c.AcademieCode,
        AcademieName = c.AcademieName,
        RegionCode = c.RegionCode,
        RegionName = c.RegionName,
        Latitude = c.Latitude,
        Longitude = c.Longitude,
        Sites = [new SchoolSite(CollegeName(c), "Collège", c.Address, c.PostalCode, c.CommuneCode, c.CommuneName, c.Latitude, c.Longitude)],
        Source = SourceAttribution.For(CollegesSource.Definition, sourceDate),
    };

    /// <summary>
    /// The official name, unless the file leaves a placeholder (« A COMPLETER »): then « Collège » and its
    /// patronym (« DE MAKEMO » → « Collège de Makemo »), else its UAI.
    /// </summary>
    public static string CollegeName(CollegeLine c)
    {
        if (c.Name is { } name && !IsPlaceholder(name)) return name;
        if (c.Patronym is not { } patronym || IsPlaceholder(patronym)) return $"Collège {c.Uai}";
        var words = patronym.ToLower(System.Globalization.CultureInfo.GetCultureInfo("fr-FR")).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w is "de" or "du" or "des" or "la" or "le" or "les" or "et" ? w : char.ToUpperInvariant(w[0]) + w[1..]);
        return "Collège " + string.Join(' ', words);
    }

    private static bool IsPlaceholder(string name) => Text.FrenchText.Fold(name) is "a completer" or "a renseigner" or "inconnu" or "";

    /// <summary>
    /// Today's communes from the staged COG; départements, régions and académies from the small files
    /// shipped beside it (<c>referential-admin/</c> under the data folder), when present.
    /// </summary>
    private async Task<CommuneReferential?> ReferentialAsync(List<CogCommune> communes, CancellationToken cancellationToken)
    {
        if (communes.Count == 0) return null;
        var root = locations.TryDataRoot();
        var folder = root is null ? null : Path.Combine(root, "referentiel-admin");
        if (folder is null) logger.LogWarning("Dossier data/ absent : territoires sans départements, régions ni académies");
        if (folder is null || !Directory.Exists(folder)) return new CommuneReferential(communes, [], [], []);

        async Task<List<T>> Json<T>(string file, Func<Stream, CancellationToken, IAsyncEnumerable<RowResult<T>>> read) where T : class
        {
            var values = new List<T>();
            var path = Path.Combine(folder, file);
            if (!File.Exists(path)) return values;
            await using var stream = File.OpenRead(path);
            await foreach (var row in read(stream, cancellationToken)) if (row.Value is { } value) values.Add(value);
            return values;
        }
        var academies = new List<DepartementAcademie>();
        var academiesPath = Path.Combine(folder, CommuneReferential.AcademiesFile);
        if (File.Exists(academiesPath))
        {
            await using var stream = File.OpenRead(academiesPath);
            using var reader = await SourceText.OpenAsync(stream, cancellationToken);
            await foreach (var row in DepartementAcademieReader.ReadAsync(reader, cancellationToken)) if (row.Value is { } value) academies.Add(value);
        }
        return new CommuneReferential(
            communes,
            await Json<CogDepartement>(CommuneReferential.DepartementsFile, CogReader.ReadDepartementsAsync),
            await Json<CogRegion>(CommuneReferential.RegionsFile, CogReader.ReadRegionsAsync),
            academies);
    }

    private sealed class Figures
    {
        public long? Premises, Eligible8, Eligible30, Eligible100, Eligible1G, Ftth;
        public string? FtthQuarter;
        public readonly SortedSet<string> Merged = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> SchoolsByType = new(StringComparer.Ordinal);
        public int Schools;

        public static long? Add(long? total, int? value) => value is null ? total : (total ?? 0) + value;

        public void AddTo(Figures other)
        {
            other.Premises = Add(other.Premises, Premises);
            other.Eligible8 = Add(other.Eligible8, Eligible8);
            other.Eligible30 = Add(other.Eligible30, Eligible30);
            other.Eligible100 = Add(other.Eligible100, Eligible100);
            other.Eligible1G = Add(other.Eligible1G, Eligible1G);
            other.Ftth = Add(other.Ftth, Ftth);
            other.FtthQuarter ??= FtthQuarter;
            other.Schools += Schools;
            foreach (var (type, count) in SchoolsByType) other.SchoolsByType[type] = other.SchoolsByType.GetValueOrDefault(type) + count;
        }

        private static long? Add(long? total, long? value) => value is null ? total : (total ?? 0) + value;
    }

    private static List<Territory> Territories(CommuneReferential referential, List<School> schools, List<BroadbandEligibility> eligibility, List<FtthCommune> ftth)
    {
        var communes = referential.CurrentCommunes.ToDictionary(c => c.Code, _ => new Figures(), StringComparer.Ordinal);
        Figures? CommuneOf(string code)
        {
            if (referential.Resolve(code) is not { } resolved || !communes.TryGetValue(resolved.Code, out var figures)) return null;
            if (resolved.Code != code) figures.Merged.Add(code);
            return figures;
        }
        foreach (var row in eligibility.Where(e => e.Scope is null or "all"))
        {
            if (CommuneOf(row.CommuneCode) is not { } f) continue;
            f.Premises = Figures.Add(f.Premises, row.Premises);
            f.Eligible8 = Figures.Add(f.Eligible8, row.EligibleAtLeast8Mbps);
            f.Eligible30 = Figures.Add(f.Eligible30, row.EligibleAtLeast30Mbps);
            f.Eligible100 = Figures.Add(f.Eligible100, row.EligibleAtLeast100Mbps);
            f.Eligible1G = Figures.Add(f.Eligible1G, row.EligibleAtLeast1Gbps);
        }
        foreach (var row in ftth)
        {
            if (CommuneOf(row.CommuneCode) is not { } f) continue;
            f.Ftth = Figures.Add(f.Ftth, row.FtthPremises);
            f.FtthQuarter = row.Quarter;
        }
        // Only the observatory's schools open today count: not a CIO, a service, a closed establishment.
        foreach (var school in schools.Where(SchoolScope.IsCounted))
        {
            if (school.CommuneCode is null || !communes.TryGetValue(school.CommuneCode, out var f)) continue;
            f.Schools++;
            foreach (var type in school.Types) f.SchoolsByType[type] = f.SchoolsByType.GetValueOrDefault(type) + 1;
        }

        var territories = new List<Territory>();
        var departements = new Dictionary<string, Figures>(StringComparer.Ordinal);
        foreach (var commune in referential.CurrentCommunes)
        {
            var f = communes[commune.Code];
            territories.Add(ToTerritory(TerritoryLevel.Commune, commune.Code, commune.Name, commune.DepartementCode, commune.Population, f));
            if (commune.DepartementCode is { } d) f.AddTo(departements.TryGetValue(d, out var sum) ? sum : departements[d] = new Figures());
        }
        var academies = new Dictionary<string, (string Name, Figures Figures)>(StringComparer.Ordinal);
        var regions = new Dictionary<string, Figures>(StringComparer.Ordinal);
        var france = new Figures();
        foreach (var (code, f) in departements)
        {
            var departement = referential.Departement(code);
            var academie = referential.Academie(code);
            territories.Add(ToTerritory(TerritoryLevel.Departement, code, departement?.Name ?? code, departement?.RegionCode, null, f));
            if (academie is not null)
            {
                if (!academies.TryGetValue(academie.AcademieCode, out var a)) academies[academie.AcademieCode] = a = (academie.AcademieName, new Figures());
                f.AddTo(a.Figures);
            }
            if (departement?.RegionCode is { } r) f.AddTo(regions.TryGetValue(r, out var sum) ? sum : regions[r] = new Figures());
            f.AddTo(france);
        }
        foreach (var (code, a) in academies) territories.Add(ToTerritory(TerritoryLevel.Academie, code, a.Name, null, null, a.Figures));
        foreach (var (code, f) in regions) territories.Add(ToTerritory(TerritoryLevel.Region, code, referential.Region(code)?.Name ?? code, TerritoryLevel.France, null, f));
        territories.Add(ToTerritory(TerritoryLevel.France, "FR", "France", null, null, france));
        return territories;
    }

    private static Territory ToTerritory(string level, string code, string name, string? parent, int? population, Figures f) => new()
    {
        Level = level, Code = code, Name = name, ParentCode = parent, Population = population,
        Schools = f.Schools, SchoolsByType = f.SchoolsByType,
        Premises = f.Premises, EligibleAtLeast8Mbps = f.Eligible8, EligibleAtLeast30Mbps = f.Eligible30,
        EligibleAtLeast100Mbps = f.Eligible100, EligibleAtLeast1Gbps = f.Eligible1G,
        FtthPremises = f.Ftth, FtthQuarter = f.FtthQuarter, MergedCodes = f.Merged.ToList(),
    };
}
