using System.Globalization;
using System.Text.Json;
using ECarto.Api;
using ECarto.Functions.Establishments;
using ECarto.Functions.Observatory;
using ECarto.Tests.Ingestion;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace ECarto.Tests.Territories;

/// <summary>
/// The territory API on the real sample, called in-process through the function methods; the expected
/// figures are recomputed from the raw CSV files directly (split on « ; »), never with the product's readers.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class TerritoryApiTests(PublishedEverything published) : IClassFixture<PublishedEverything>
{
    private ObservatoryFunctions Functions => new(published.Platform.Get<IndicatorHandlers>(), published.Platform.Get<TerritoryHandlers>());

    private HttpContext NewContext(string query = "", string? ifNoneMatch = null)
    {
        var context = new DefaultHttpContext { RequestServices = published.Platform.Services };
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query);
        if (ifNoneMatch is not null) context.Request.Headers.IfNoneMatch = ifNoneMatch;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static async Task<(int Status, JsonElement Body)> ExecuteAsync(IActionResult result, HttpContext context)
    {
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        if (context.Response.Body.Length == 0) return (context.Response.StatusCode, default);
        var body = await JsonDocument.ParseAsync(context.Response.Body);
        return (context.Response.StatusCode, body.RootElement.Clone());
    }

    private async Task<JsonElement> FicheAsync(string level, string code)
    {
        var context = NewContext();
        var (status, body) = await ExecuteAsync(await Functions.GetTerritoire(context.Request, level, code), context);
        Assert.Equal(200, status);
        return body;
    }

    /// <summary>The observatory's schools open today, by type and by sector, straight from the raw annuaire and collèges files.</summary>
    private static (Dictionary<string, int> ByType, Dictionary<string, int> BySector, int Schools) RawCounts(Func<string, string, string, bool> where)
    {
        var labels = new Dictionary<string, string> { ["Ecole"] = "École", ["Collège"] = "Collège", ["Lycée"] = "Lycée", ["EREA"] = "EREA" };
        string[] open = ["", "OUVERT", "A FERMER"];
        var (header, rows) = TestData.AnnuaireRaw();
        int Col(string name) => Array.IndexOf(header, name);
        var annuaireUais = rows.Select(r => r[Col("Identifiant_de_l_etablissement")]).ToHashSet();
        var schools = new Dictionary<string, (HashSet<string> Types, string Sector)>();
        foreach (var r in rows.Where(r => labels.ContainsKey(r[Col("Type_etablissement")]) && open.Contains(r[Col("etat")])))
        {
            // Code_departement is the ministry's (« 031 »); the académie is the file's.
            if (!where(r[Col("Code_commune")], r[Col("Code_departement")].TrimStart('0').PadLeft(2, '0'), r[Col("Code_academie")])) continue;
            var uai = r[Col("Identifiant_de_l_etablissement")];
            if (!schools.TryGetValue(uai, out var s)) schools[uai] = s = ([], r[Col("Statut_public_prive")]);
            s.Types.Add(labels[r[Col("Type_etablissement")]]);
        }
        var lines = File.ReadAllLines(Path.Combine(TestData.Root, "data", "annuaire", "fr-en-adresse-et-geolocalisation_colleges_france_2024.csv"));
        var h = lines[0].TrimStart('\uFEFF').Split(';');
        foreach (var c in lines.Skip(1).Select(l => l.Split(';')))
        {
            var uai = c[Array.IndexOf(h, "numero_uai")];
            if (annuaireUais.Contains(uai) || !open.Contains(c[Array.IndexOf(h, "etat_etablissement_libe")])) continue;
            if (!where(c[Array.IndexOf(h, "code_commune")], c[Array.IndexOf(h, "code_departement")].TrimStart('0').PadLeft(2, '0'), c[Array.IndexOf(h, "code_academie")])) continue;
            schools[uai] = (["Collège"], c[Array.IndexOf(h, "secteur_public_prive_libe")]);
        }
        var byType = schools.Values.SelectMany(s => s.Types).GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        var bySector = schools.Values.GroupBy(s => s.Sector == "Public" ? "public" : "prive").ToDictionary(g => g.Key, g => g.Count());
        return (byType, bySector, schools.Count);
    }

    private static void AssertCounts((Dictionary<string, int> ByType, Dictionary<string, int> BySector, int Schools) expected, JsonElement fiche)
    {
        var territory = fiche.GetProperty("territory");
        Assert.Equal(expected.Schools, territory.GetProperty("schools").GetInt32());
        Assert.Equal(expected.ByType.OrderBy(t => t.Key), territory.GetProperty("schoolsByType").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()).OrderBy(t => t.Key));
        // The sector breakdown of any indicator counts the same schools.
        var pupils = fiche.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "eleves");
        var bySector = pupils.GetProperty("bySector").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("schools").GetInt32());
        Assert.Equal(expected.BySector.OrderBy(s => s.Key), bySector.OrderBy(s => s.Key));
    }

    [Fact]
    public async Task Academie_16_counts_its_schools_by_type_and_sector_as_the_raw_files_do()
    {
        var expected = RawCounts((_, _, academie) => academie == "16");
        Assert.True(expected.Schools > 2000, $"{expected.Schools}");
        AssertCounts(expected, await FicheAsync("academie", "16"));
    }

    [Fact]
    public async Task Departement_31_counts_its_schools_by_type_and_sector_as_the_raw_files_do()
    {
        var expected = RawCounts((_, departement, _) => departement == "31");
        AssertCounts(expected, await FicheAsync("departement", "31"));
    }

    [Fact]
    public async Task Commune_31555_counts_its_schools_by_type_and_sector_as_the_raw_files_do()
    {
        var expected = RawCounts((commune, _, _) => commune == "31555");
        var fiche = await FicheAsync("commune", "31555");
        AssertCounts(expected, fiche);
        Assert.Equal("Toulouse", fiche.GetProperty("territory").GetProperty("name").GetString());
        Assert.Equal(["departement:31", "academie:16", "region:76", "france:FR"],
            fiche.GetProperty("territory").GetProperty("parents").EnumerateArray().Select(p => $"{p.GetProperty("level").GetString()}:{p.GetProperty("code").GetString()}"));
    }

    /// <summary>Σ elig_thd30 / Σ nbr × 100 over the raw Arcep lines (type « all ») that pass the filter.</summary>
    private static double RawEligible30(Func<string[], bool> where)
    {
        var lines = File.ReadAllLines(Path.Combine(TestData.Root, "data", "arcep-fixe", "arcep_maconnexioninternet_communes_2022T4.csv"));
        var header = lines[0].TrimStart('\uFEFF').Split(';');
        var rows = lines.Skip(1).Select(l => l.Split(';')).Where(r => r[Array.IndexOf(header, "type")] == "all").Where(where).ToList();
        double Sum(string column) => rows.Sum(r => double.Parse(r[Array.IndexOf(header, column)], CultureInfo.InvariantCulture));
        return 100 * Sum("elig_thd30") / Sum("nbr");
    }

    private static JsonElement Indicator(JsonElement fiche, string id) => fiche.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id);

    [Fact]
    public async Task The_arcep_30_mbits_share_of_departement_31_and_of_france_is_exact_from_the_raw_premises()
    {
        var departement = Indicator(await FicheAsync("departement", "31"), "arcep-eligibles-30").GetProperty("all").GetProperty("value").GetDouble();
        Assert.Equal(RawEligible30(r => r[2] == "31"), departement, 9);
        var france = Indicator(await FicheAsync("france", "FR"), "arcep-eligibles-30").GetProperty("all").GetProperty("value").GetDouble();
        Assert.Equal(RawEligible30(_ => true), france, 9);
        Assert.NotEqual(Math.Round(france, 3), Math.Round(departement, 3));
    }

    [Fact]
    public async Task A_fiche_compares_each_indicator_with_the_stored_figures_of_each_parent()
    {
        var fiche = await FicheAsync("departement", "31");
        var france = await FicheAsync("france", "FR");
        var academie = await FicheAsync("academie", "16");
        foreach (var id in new[] { "arcep-eligibles-30", "terminaux", "reseau-4g" })
        {
            var comparison = Indicator(fiche, id).GetProperty("comparison").EnumerateArray().ToList();
            Assert.Equal(["academie:16", "region:76", "france:FR"], comparison.Select(c => $"{c.GetProperty("level").GetString()}:{c.GetProperty("code").GetString()}"));
            Assert.Equal(Indicator(academie, id).GetProperty("all").GetRawText(), comparison[0].GetProperty("all").GetRawText());
            Assert.Equal(Indicator(france, id).GetProperty("all").GetRawText(), comparison[2].GetProperty("all").GetRawText());
        }
    }

    [Fact]
    public async Task Demonstration_inventories_flag_the_territory_figures_and_coverage_is_explicit()
    {
        var academie = await FicheAsync("academie", "16");
        var terminals = Indicator(academie, "terminaux").GetProperty("all");
        Assert.True(terminals.GetProperty("isDemonstration").GetBoolean());
        var coverage = academie.GetProperty("coverage").EnumerateArray().ToDictionary(c => c.GetProperty("sourceId").GetString()!);
        Assert.Equal(coverage["inventaire"].GetProperty("demonstration").GetInt32(), terminals.GetProperty("demonstration").GetInt32());
        Assert.Equal(RawCounts((_, _, a) => a == "16").Schools, coverage["annuaire"].GetProperty("schools").GetInt32() + (coverage.TryGetValue("colleges", out var c) ? c.GetProperty("schools").GetInt32() : 0));
        // Outside Toulouse and Montpellier only the collèges of the national file are known: Paris's coverage says so.
        var paris = (await FicheAsync("departement", "75")).GetProperty("coverage").EnumerateArray().ToDictionary(x => x.GetProperty("sourceId").GetString()!);
        Assert.False(paris.ContainsKey("annuaire"));
        Assert.Equal(["Collège"], paris["colleges"].GetProperty("byType").EnumerateObject().Select(p => p.Name));
        Assert.Equal(RawCounts((_, d, _) => d == "75").Schools, paris["colleges"].GetProperty("schools").GetInt32());
    }

    /// <summary>
    /// The open lycées of a département (ministry code, « 031 ») straight from the raw annuaire, as lycées généraux
    /// et technologiques (a voie générale or technologique on one of the UAI's lines) and lycées professionnels (a
    /// voie professionnelle); when none of its lines gives a voie, from the nature of its first line.
    /// </summary>
    private static (HashSet<string> Gt, HashSet<string> Pro) RawLyceeGroups(string departement)
    {
        var (header, rows) = TestData.AnnuaireRaw();
        int Col(string name) => Array.IndexOf(header, name);
        string[] voies = ["Voie_generale", "Voie_technologique", "Voie_professionnelle"];
        var (gt, pro) = (new HashSet<string>(), new HashSet<string>());
        foreach (var lines in rows.GroupBy(r => r[Col("Identifiant_de_l_etablissement")]))
        {
            if (!lines.Any(r => r[Col("Type_etablissement")] == "Lycée" && r[Col("etat")] is "OUVERT" or "A FERMER" && r[Col("Code_departement")] == departement)) continue;
            bool isGt, isPro;
            if (lines.Any(r => voies.Any(v => r[Col(v)].Length > 0)))
            {
                isGt = lines.Any(r => r[Col("Voie_generale")] == "1" || r[Col("Voie_technologique")] == "1");
                isPro = lines.Any(r => r[Col("Voie_professionnelle")] == "1");
            }
            else
            {
                var nature = lines.First()[Col("code_nature")];
                isGt = nature is "300" or "301" or "302" or "335" or "306" or "307";
                isPro = nature is "320" or "334" or "306" or "307";
            }
            if (isGt) gt.Add(lines.Key);
            if (isPro) pro.Add(lines.Key);
        }
        return (gt, pro);
    }

    [Fact]
    public async Task Departement_31_counts_its_lycees_generaux_et_technologiques_and_professionnels_as_the_raw_annuaire_does()
    {
        var (gt, pro) = RawLyceeGroups("031");
        Assert.True(gt.Count > 30 && pro.Count > 20 && gt.Overlaps(pro), $"{gt.Count} LGT, {pro.Count} LP");
        var fiche = await FicheAsync("departement", "31");
        var byType = Indicator(fiche, "eleves").GetProperty("byType");
        Assert.Equal(gt.Count, byType.GetProperty("lycee-gt").GetProperty("schools").GetInt32());
        Assert.Equal(pro.Count, byType.GetProperty("lycee-pro").GetProperty("schools").GetInt32());
        // A lycée polyvalent counts in both: the two groups hold more than the lycées that have either.
        Assert.True(byType.GetProperty("lycee").GetProperty("schools").GetInt32() < gt.Count + pro.Count);
        var nc = byType.GetProperty("lycee-pro");
        Assert.Equal(100.0 * nc.GetProperty("notCommunicated").GetInt32() / nc.GetProperty("schools").GetInt32(), nc.GetProperty("notCommunicatedShare").GetDouble(), 9);
        Assert.Equal("Lycées généraux et technologiques",
            fiche.GetProperty("typeGroups").EnumerateArray().Single(g => g.GetProperty("id").GetString() == "lycee-gt").GetProperty("label").GetString());

        foreach (var (type, expected) in new[] { ("lycee-gt", gt), ("lycee-pro", pro) })
        {
            var context = NewContext($"?type={type}&pageSize=100");
            var (status, list) = await ExecuteAsync(await Functions.ListEtablissementsDuTerritoire(context.Request, "departement", "31"), context);
            Assert.Equal(200, status);
            Assert.Equal(expected.Count, list.GetProperty("total").GetInt32());
            Assert.Equal(type, list.GetProperty("type").GetString());
            Assert.Equal(expected.Order(), list.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("uai").GetString()!).Order());
        }
        var bad = NewContext("?type=lycee-agricole");
        var (badStatus, problem) = await ExecuteAsync(await Functions.ListEtablissementsDuTerritoire(bad.Request, "departement", "31"), bad);
        Assert.Equal(400, badStatus);
        Assert.Contains("ecole, college, lycee, lycee-gt, lycee-pro, erea", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Departement_31_and_france_say_they_compare_like_with_like_only_on_their_colleges()
    {
        var fiche = await FicheAsync("departement", "31");
        var france = await FicheAsync("france", "FR");
        Assert.Equal(["college"], france.GetProperty("completeTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("lycee-pro", fiche.GetProperty("completeTypes").EnumerateArray().Select(t => t.GetString()));
        foreach (var id in new[] { "terminaux", "eleves" })
        {
            var indicator = Indicator(fiche, id);
            var comparison = indicator.GetProperty("comparison").EnumerateArray().ToDictionary(c => c.GetProperty("level").GetString()!);
            Assert.True(comparison["academie"].GetProperty("comparable").GetBoolean());
            Assert.Equal(JsonValueKind.Null, comparison["academie"].GetProperty("note").ValueKind);
            var withFrance = comparison["france"];
            Assert.False(withFrance.GetProperty("comparable").GetBoolean());
            Assert.Equal(["college"], withFrance.GetProperty("comparableTypes").EnumerateArray().Select(t => t.GetString()));
            Assert.Contains("Pour la France, seuls les collèges sont connus en entier : comparer les collèges", withFrance.GetProperty("note").GetString());
            // The like-with-like pair is there: the collèges of Haute-Garonne and the collèges of France.
            Assert.Equal(Indicator(france, id).GetProperty("byType").GetProperty("college").GetRawText(), withFrance.GetProperty("byType").GetProperty("college").GetRawText());
            Assert.True(indicator.GetProperty("byType").GetProperty("college").GetProperty("schools").GetInt32() > 50);
        }
        var arcep = Indicator(fiche, "arcep-eligibles-30").GetProperty("comparison").EnumerateArray().Single(c => c.GetProperty("level").GetString() == "france");
        Assert.True(arcep.GetProperty("comparable").GetBoolean());
    }

    [Theory]
    [InlineData("canton", "31", "niveau")]
    [InlineData("departement", "310", "code")]
    [InlineData("departement", "2C", "code")]
    [InlineData("commune", "3155", "code")]
    [InlineData("academie", "A16", "code")]
    [InlineData("france", "EU", "code")]
    public async Task A_malformed_level_or_code_is_a_400_that_says_what_is_expected(string level, string code, string parameter)
    {
        var context = NewContext();
        var (status, body) = await ExecuteAsync(await Functions.GetTerritoire(context.Request, level, code), context);
        Assert.Equal(400, status);
        Assert.StartsWith("application/problem+json", context.Response.ContentType);
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
        Assert.Contains(parameter == "niveau" ? "commune, departement, academie, region, france" : "attendu", body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("commune", "99999")]
    [InlineData("departement", "96")]
    [InlineData("academie", "99")]
    public async Task An_unknown_territory_is_a_404(string level, string code)
    {
        var context = NewContext();
        var (status, body) = await ExecuteAsync(await Functions.GetTerritoire(context.Request, level, code), context);
        Assert.Equal(404, status);
        Assert.Contains(code, body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("departement", "2a")]
    [InlineData("departement", "974")]
    [InlineData("commune", "2B033")]
    [InlineData("region", "977")]
    public async Task Corsica_and_overseas_codes_are_served(string level, string code)
    {
        var fiche = await FicheAsync(level, code);
        Assert.Equal(code.ToUpperInvariant(), fiche.GetProperty("territory").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Every_answer_carries_the_version_etag_and_a_repeat_reader_gets_a_304()
    {
        var calls = new Func<HttpContext, Task<IActionResult>>[]
        {
            c => Functions.GetTerritoire(c.Request, "departement", "31"),
            c => Functions.ListTerritoires(c.Request, "departement"),
            c => Functions.ListEtablissementsDuTerritoire(c.Request, "commune", "31555"),
            c => Functions.ListIndicateurs(c.Request),
        };
        foreach (var call in calls)
        {
            var first = NewContext();
            var (status, _) = await ExecuteAsync(await call(first), first);
            Assert.Equal(200, status);
            Assert.Equal($"\"{published.Version}\"", first.Response.Headers.ETag.ToString());
            Assert.Equal(HttpCaching.CacheControl, first.Response.Headers.CacheControl.ToString());
            var repeat = NewContext(ifNoneMatch: first.Response.Headers.ETag.ToString());
            var (repeatStatus, _) = await ExecuteAsync(await call(repeat), repeat);
            Assert.Equal(304, repeatStatus);
            Assert.Equal(0, repeat.Response.Body.Length);
        }
        // A bad request is never a 304.
        var bad = NewContext(ifNoneMatch: $"\"{published.Version}\"");
        var (badStatus, _) = await ExecuteAsync(await Functions.GetTerritoire(bad.Request, "departement", "xx"), bad);
        Assert.Equal(400, badStatus);
    }

    [Fact]
    public async Task The_departements_of_an_academie_are_listed_with_headline_figures()
    {
        var context = NewContext("?parent=academie:16");
        var (status, body) = await ExecuteAsync(await Functions.ListTerritoires(context.Request, "departement"), context);
        Assert.Equal(200, status);
        Assert.Equal(["09", "12", "31", "32", "46", "65", "81", "82"], body.GetProperty("territories").EnumerateArray().Select(t => t.GetProperty("code").GetString()));
        var haute = body.GetProperty("territories").EnumerateArray().Single(t => t.GetProperty("code").GetString() == "31");
        Assert.Equal(RawEligible30(r => r[2] == "31"), haute.GetProperty("arcepEligibles30").GetDouble(), 9);
        Assert.Equal(RawCounts((_, d, _) => d == "31").Schools, haute.GetProperty("schools").GetInt32());

        foreach (var (level, query, parameter) in new[] { ("commune", "", "parent"), ("commune", "?parent=31", "parent"), ("quartier", "", "niveau") })
        {
            var bad = NewContext(query);
            var (badStatus, problem) = await ExecuteAsync(await Functions.ListTerritoires(bad.Request, level), bad);
            Assert.Equal(400, badStatus);
            Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        }
        var unknown = NewContext("?parent=academie:99");
        Assert.Equal(404, (await ExecuteAsync(await Functions.ListTerritoires(unknown.Request, "departement"), unknown)).Status);
        var communes = NewContext("?parent=departement:31");
        var (_, list) = await ExecuteAsync(await Functions.ListTerritoires(communes.Request, "commune"), communes);
        Assert.True(list.GetProperty("total").GetInt32() > 500);
    }

    [Fact]
    public async Task A_territory_lists_its_schools_paged_and_filtered_by_type_and_sector()
    {
        var expected = RawCounts((commune, _, _) => commune == "31555");
        var context = NewContext("?pageSize=10&page=2");
        var (status, body) = await ExecuteAsync(await Functions.ListEtablissementsDuTerritoire(context.Request, "commune", "31555"), context);
        Assert.Equal(200, status);
        Assert.Equal(expected.Schools, body.GetProperty("total").GetInt32());
        Assert.Equal(10, body.GetProperty("results").GetArrayLength());
        Assert.Equal((expected.Schools + 9) / 10, body.GetProperty("pageCount").GetInt32());

        var colleges = NewContext("?type=college&secteur=prive&pageSize=100");
        var (_, filtered) = await ExecuteAsync(await Functions.ListEtablissementsDuTerritoire(colleges.Request, "departement", "31"), colleges);
        var raw = RawCollegesPrivate31();
        Assert.Equal(raw, filtered.GetProperty("total").GetInt32());
        Assert.All(filtered.GetProperty("results").EnumerateArray(), r => Assert.Contains("Collège", r.GetProperty("types").EnumerateArray().Select(t => t.GetString())));

        foreach (var (query, parameter) in new[] { ("?type=crèche", "type"), ("?secteur=mixte", "secteur"), ("?page=0", "page"), ("?pageSize=1000", "pageSize") })
        {
            var bad = NewContext(query);
            var (badStatus, problem) = await ExecuteAsync(await Functions.ListEtablissementsDuTerritoire(bad.Request, "commune", "31555"), bad);
            Assert.Equal(400, badStatus);
            Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        }
        var unknown = NewContext();
        Assert.Equal(404, (await ExecuteAsync(await Functions.ListEtablissementsDuTerritoire(unknown.Request, "commune", "99999"), unknown)).Status);
    }

    private static int RawCollegesPrivate31()
    {
        var (header, rows) = TestData.AnnuaireRaw();
        int Col(string name) => Array.IndexOf(header, name);
        return rows.Where(r => r[Col("Type_etablissement")] == "Collège" && r[Col("Statut_public_prive")] == "Privé" && r[Col("Code_departement")] == "031" && r[Col("etat")] is "OUVERT" or "A FERMER")
            .Select(r => r[Col("Identifiant_de_l_etablissement")]).Distinct().Count();
    }

    [Fact]
    public async Task A_school_fiche_gives_its_indicators_by_component_with_its_communes_fixed_network()
    {
        var context = NewContext();
        var (status, body) = await ExecuteAsync(await new EstablishmentFunctions(published.Platform.Get<EstablishmentHandlers>()).GetEtablissement(context.Request, "0310036W"), context);
        Assert.Equal(200, status);
        var components = body.GetProperty("indicators").EnumerateArray().ToList();
        Assert.Equal(["connectivite", "equipement", "services-et-ressources", "experimentations", "contexte"], components.Select(c => c.GetProperty("id").GetString()));
        var all = components.SelectMany(c => c.GetProperty("indicators").EnumerateArray()).ToDictionary(i => i.GetProperty("id").GetString()!);
        // The commune's figure, labelled as such, exact from the raw Arcep line of Toulouse.
        Assert.Equal("commune", all["arcep-eligibles-30"].GetProperty("scope").GetString());
        Assert.Equal(RawEligible30(r => r[0] == "31555"), all["arcep-eligibles-30"].GetProperty("value").GetDouble(), 9);
        var inventory = published.Schools["0310036W"].Inventory!;
        Assert.Equal(inventory.PupilsPerDevice, all["eleves-par-terminal"].GetProperty("value").GetDouble());
        Assert.Equal(inventory.Devices, all["terminaux"].GetProperty("value").GetInt32());
        Assert.True(all["terminaux"].GetProperty("isDemonstration").GetBoolean());
        Assert.False(all["eleves"].GetProperty("isDemonstration").GetBoolean());
        Assert.Equal(957, all["eleves"].GetProperty("value").GetInt32());
        // The access type of the inventory, and whether it is fibre.
        Assert.Equal(inventory.AccessType, all["type-acces"].GetProperty("band").GetString());
        Assert.False(string.IsNullOrEmpty(all["type-acces"].GetProperty("bandLabel").GetString()));
        Assert.Equal(inventory.AccessType == "fibre", all["fibre"].GetProperty("yes").GetBoolean());
        Assert.True(all["fibre"].GetProperty("isDemonstration").GetBoolean());
        // A lycée has no IPS line: the indicator of collèges is not shown for it.
        Assert.False(all.ContainsKey("ips"));
        Assert.Contains(body.GetProperty("sources").EnumerateArray(), s => s.GetProperty("id").GetString() == "arcep-fixe");
    }

    [Fact]
    public async Task The_indicator_catalogue_is_served_with_its_components_rules_and_sources()
    {
        var context = NewContext();
        var (status, body) = await ExecuteAsync(await Functions.ListIndicateurs(context.Request), context);
        Assert.Equal(200, status);
        var indicators = body.GetProperty("indicators").EnumerateArray().ToList();
        Assert.Equal(ECarto.Indicators.IndicatorCatalogue.All.Count, indicators.Count);
        var ratio = indicators.Single(i => i.GetProperty("id").GetString() == "eleves-par-terminal");
        Assert.Equal("equipement", ratio.GetProperty("component").GetString());
        Assert.Equal("ratio-de-sommes", ratio.GetProperty("aggregation").GetString());
        Assert.True(ratio.GetProperty("canBeDemonstration").GetBoolean());
        var arcep = indicators.Single(i => i.GetProperty("id").GetString() == "arcep-eligibles-30");
        Assert.Equal("arcep-fixe", arcep.GetProperty("sources")[0].GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(arcep.GetProperty("sources")[0].GetProperty("date").GetString()));
        Assert.Equal(["connectivite", "equipement", "services-et-ressources", "experimentations", "contexte"],
            body.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(["ecole", "college", "lycee", "lycee-gt", "lycee-pro", "erea"], body.GetProperty("typeGroups").EnumerateArray().Select(g => g.GetProperty("id").GetString()));
        var fibre = indicators.Single(i => i.GetProperty("id").GetString() == "fibre");
        Assert.Equal(("connectivite", "nombre"), (fibre.GetProperty("component").GetString(), fibre.GetProperty("aggregation").GetString()));
    }
}
