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
        var ips = LatestIpsByUai(await ipsRows);
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

        var aggregation = System.Diagnostics.Stopwatch.StartNew();
        var territories = referential is null
            ? []
            : TerritoryAggregation.Build(referential, schools, await eligibilityRows, await ftthRows);
        logger.LogInformation("Composition : {Schools} établissements, {Territories} territoires (agrégation des indicateurs : {Seconds:F2} s)",
            schools.Count, territories.Count, aggregation.Elapsed.TotalSeconds);
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
    /// <summary>The IPS of each collège at its latest rentrée (a file may hold several; an undated line counts as the oldest).</summary>
    public static Dictionary<string, CollegeIps> LatestIpsByUai(IEnumerable<CollegeIps> rows) =>
        rows.GroupBy(i => i.Uai, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.Rentree ?? 0).First(), StringComparer.Ordinal);

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
}
