using System.Globalization;
using System.Text.Json;
using ECarto.Api;
using ECarto.Establishments;
using ECarto.Tests.Ingestion;
using Microsoft.AspNetCore.Http;

namespace ECarto.Tests.Search;

/// <summary>GET /api/etablissements with filters, on every real source published into Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public class FilterApiTests(PublishedEverything published) : IClassFixture<PublishedEverything>
{
    internal static async Task<(int Status, HttpResponse Response, JsonElement Body)> GetAsync(PublishedEverything published, string query, string? ifNoneMatch = null)
    {
        var handlers = published.Platform.Get<EstablishmentHandlers>();
        var context = new DefaultHttpContext { RequestServices = published.Platform.Services };
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query);
        if (ifNoneMatch is not null) context.Request.Headers.IfNoneMatch = ifNoneMatch;
        context.Response.Body = new MemoryStream();
        await (await handlers.SearchAsync(context.Request, CancellationToken.None)).ExecuteAsync(context);
        context.Response.Body.Position = 0;
        var body = context.Response.Body.Length == 0 ? default : (await JsonDocument.ParseAsync(context.Response.Body)).RootElement.Clone();
        return (context.Response.StatusCode, context.Response, body);
    }

    private Task<(int Status, HttpResponse Response, JsonElement Body)> GetAsync(string query, string? ifNoneMatch = null) => GetAsync(published, query, ifNoneMatch);

    /// <summary>Every UAI of a search, page by page.</summary>
    private async Task<HashSet<string>> AllUaisAsync(string query)
    {
        var uais = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 1; ; page++)
        {
            var (status, _, body) = await GetAsync($"{query}&pageSize=100&page={page}");
            Assert.Equal(200, status);
            foreach (var r in body.GetProperty("results").EnumerateArray()) uais.Add(r.GetProperty("uai").GetString()!);
            if (page >= body.GetProperty("pageCount").GetInt32()) return uais;
        }
    }

    /// <summary>The rows of a raw CSV of data/, by column name (semicolons, quotes allowed), read without the product's readers.</summary>
    private static List<Dictionary<string, string>> RawCsv(string relative, char separator = ';')
    {
        var lines = File.ReadAllLines(Path.Combine(TestData.Root, "data", relative));
        static List<string> Split(string line, char separator)
        {
            var fields = new List<string>();
            var field = new System.Text.StringBuilder();
            var quoted = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (c == '"' && quoted && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = !quoted;
                else if (c == separator && !quoted) { fields.Add(field.ToString()); field.Clear(); }
                else field.Append(c);
            }
            fields.Add(field.ToString());
            return fields;
        }
        var header = Split(lines[0].TrimStart('\uFEFF'), separator);
        return lines.Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var fields = Split(l, separator);
            return header.Select((h, i) => (h, v: i < fields.Count ? fields[i] : "")).ToDictionary(p => p.h, p => p.v);
        }).ToList();
    }

    private static readonly string AnnuaireFile = "annuaire/fr-en-annuaire-education_occitanie_ac-toulouse_ac-montpellier_2024-11-26.csv";

    [Fact]
    public async Task Public_colleges_of_the_haute_garonne_in_rep_are_those_of_the_raw_annuaire()
    {
        var expected = RawCsv(AnnuaireFile)
            .Where(r => r["Type_etablissement"] == "Collège" && r["Statut_public_prive"] == "Public" && r["Code_departement"] == "031"
                        && r["Appartenance_Education_Prioritaire"] == "REP" && r["etat"] == "OUVERT")
            .Select(r => r["Identifiant_de_l_etablissement"])
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(expected.Count >= 3, $"only {expected.Count} in the sample");

        var found = await AllUaisAsync("?type=college&secteur=public&ep=rep&territoire=departement:31");
        Assert.Equal(expected.Order(), found.Order());
        var (_, _, body) = await GetAsync("?type=college&secteur=public&ep=rep&territoire=departement:31");
        Assert.Equal(expected.Count, body.GetProperty("total").GetInt32());
        Assert.Equal("college", body.GetProperty("type").GetString());
        Assert.Equal("departement:31", body.GetProperty("filtres").GetProperty("territoire").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("suggestion").ValueKind);
    }

    [Fact]
    public async Task Rep_plus_and_a_query_combine()
    {
        var expected = RawCsv(AnnuaireFile)
            .Where(r => r["Type_etablissement"] == "Ecole" && r["Appartenance_Education_Prioritaire"] == "REP+" && r["Code_departement"] == "034"
                        && r["Nom_commune"] == "Montpellier" && r["etat"] == "OUVERT")
            .Select(r => r["Identifiant_de_l_etablissement"])
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), (await AllUaisAsync("?q=montpellier&type=ecole&ep=rep-plus&territoire=commune:34172")).Order());
    }

    [Fact]
    public async Task Facet_counts_are_the_totals_each_value_would_give()
    {
        const string Base = "?q=jean&territoire=departement:31";
        var (status, response, body) = await GetAsync(Base + "&secteur=public");
        Assert.Equal(200, status);
        Assert.StartsWith("\"v", response.Headers.ETag.ToString());
        var facets = body.GetProperty("facettes");
        Assert.Equal(["type", "secteur", "ep", "territoire", "etat", "sans4g", "inventaire", "arcep30Max"], facets.EnumerateObject().Select(f => f.Name));
        Assert.Equal(body.GetProperty("total").GetInt32(),
            facets.GetProperty("secteur").EnumerateArray().Single(v => v.GetProperty("valeur").GetString() == "public").GetProperty("nombre").GetInt32());
        foreach (var (parameter, others) in new[] { ("secteur", ""), ("ep", "&secteur=public"), ("type", "&secteur=public"), ("inventaire", "&secteur=public"), ("sans4g", "&secteur=public") })
        {
            var (_, _, answer) = await GetAsync(Base + others);
            foreach (var value in answer.GetProperty("facettes").GetProperty(parameter).EnumerateArray().Take(6))
            {
                var (_, _, chosen) = await GetAsync($"{Base}{others}&{parameter}={value.GetProperty("valeur").GetString()}");
                Assert.True(value.GetProperty("nombre").GetInt32() == chosen.GetProperty("total").GetInt32(),
                    $"{parameter}={value.GetProperty("valeur").GetString()}: facet {value.GetProperty("nombre").GetInt32()}, total {chosen.GetProperty("total").GetInt32()}");
            }
        }
        var sectors = facets.GetProperty("secteur").EnumerateArray().Select(v => (v.GetProperty("valeur").GetString(), v.GetProperty("libelle").GetString())).ToList();
        Assert.Equal([("public", "Public"), ("prive", "Privé")], sectors);
    }

    [Fact]
    public async Task Territory_and_broadband_facets_are_the_totals_each_value_would_give()
    {
        // Per département, most results first: each count is the total choosing it gives, the other filters kept.
        const string Base = "?q=jean&secteur=public";
        var (_, _, body) = await GetAsync(Base);
        var territories = body.GetProperty("facettes").GetProperty("territoire").EnumerateArray().ToList();
        Assert.True(territories.Count >= 2, $"{territories.Count} départements");
        Assert.Contains(territories, v => v.GetProperty("valeur").GetString() == "departement:31" && v.GetProperty("libelle").GetString() == "Haute-Garonne (31)");
        Assert.Equal(territories.Select(v => v.GetProperty("nombre").GetInt32()).OrderDescending(), territories.Select(v => v.GetProperty("nombre").GetInt32()));
        Assert.Equal(body.GetProperty("total").GetInt32(), territories.Sum(v => v.GetProperty("nombre").GetInt32()));
        foreach (var value in territories.Take(4))
        {
            var (_, _, chosen) = await GetAsync($"{Base}&territoire={value.GetProperty("valeur").GetString()}");
            Assert.Equal(value.GetProperty("nombre").GetInt32(), chosen.GetProperty("total").GetInt32());
        }

        // A région chosen: its départements only (Occitanie: none outside 09…82).
        var (_, _, inRegion) = await GetAsync(Base + "&territoire=region:76");
        var occitanie = new[] { "09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82" };
        var listed = inRegion.GetProperty("facettes").GetProperty("territoire").EnumerateArray().Select(v => v.GetProperty("valeur").GetString()!["departement:".Length..]).ToList();
        Assert.NotEmpty(listed);
        Assert.All(listed, code => Assert.Contains(code, occitanie));

        // Broadband bands: « less than n % eligible at 30 Mbit/s », cumulative, each the total choosing it gives.
        var bands = inRegion.GetProperty("facettes").GetProperty("arcep30Max").EnumerateArray().ToList();
        Assert.Equal(["10", "25", "50", "75", "100"], bands.Select(v => v.GetProperty("valeur").GetString()));
        Assert.Equal(bands.Select(v => v.GetProperty("nombre").GetInt32()).Order(), bands.Select(v => v.GetProperty("nombre").GetInt32()));
        Assert.True(bands[^1].GetProperty("nombre").GetInt32() > 0);
        foreach (var value in bands)
        {
            var (_, _, chosen) = await GetAsync($"{Base}&territoire=region:76&arcep30Max={value.GetProperty("valeur").GetString()}");
            Assert.Equal(value.GetProperty("nombre").GetInt32(), chosen.GetProperty("total").GetInt32());
        }
    }

    [Fact]
    public async Task Indicator_conditions_keep_the_schools_that_meet_them()
    {
        bool InScope(School s) => s.DepartementCode == "31" && SchoolScope.IsCounted(s);
        var without4G = published.Schools.Values.Where(s => InScope(s) && s.Mobile is { Sites4G: 0 }).Select(s => s.Uai).ToHashSet();
        Assert.NotEmpty(without4G);
        Assert.Equal(without4G.Order(), (await AllUaisAsync("?territoire=departement:31&sans4g=true")).Order());
        var with4G = published.Schools.Values.Where(s => InScope(s) && s.Mobile is { Sites4G: > 0 }).Select(s => s.Uai).ToHashSet();
        Assert.Equal(with4G.Order(), (await AllUaisAsync("?territoire=departement:31&sans4g=false")).Order());

        var withInventory = published.Schools.Values.Where(s => InScope(s) && s.Inventory is not null).Select(s => s.Uai).ToHashSet();
        Assert.Equal(withInventory.Order(), (await AllUaisAsync("?territoire=departement:31&inventaire=renseigne")).Order());
        var withoutInventory = published.Schools.Values.Where(s => InScope(s) && s.Inventory is null).Select(s => s.Uai).ToHashSet();
        Assert.Equal(withoutInventory.Order(), (await AllUaisAsync("?territoire=departement:31&inventaire=non-renseigne")).Order());

        // The commune's share of premises eligible at 30 Mbit/s, from the raw Arcep file.
        var share = RawCsv("arcep-fixe/arcep_maconnexioninternet_communes_2022T4.csv")
            .Where(r => r["type"] == "all" && long.Parse(r["nbr"], CultureInfo.InvariantCulture) > 0)
            .ToDictionary(r => r["code_insee"], r => 100.0 * long.Parse(r["elig_thd30"], CultureInfo.InvariantCulture) / long.Parse(r["nbr"], CultureInfo.InvariantCulture));
        HashSet<string> Below(int max, string? departement) => published.Schools.Values
            .Where(s => SchoolScope.IsCounted(s) && (departement is null || s.DepartementCode == departement)
                        && s.CommuneCode is { } c && share.TryGetValue(c, out var p) && p < max)
            .Select(s => s.Uai).ToHashSet();
        // In 2022, only Guyane and Mayotte have communes below 50 % (their collèges come from the national collèges file).
        Assert.NotEmpty(Below(50, null));
        Assert.Equal(Below(50, null).Order(), (await AllUaisAsync("?arcep30Max=50")).Order());
        Assert.NotEmpty(Below(30, "973"));
        Assert.NotEqual(Below(30, "973").Count, Below(50, "973").Count);
        Assert.Equal(Below(30, "973").Order(), (await AllUaisAsync("?territoire=departement:973&arcep30Max=30")).Order());
        // The Haute-Garonne: every commune above 99.9 %.
        Assert.Empty(await AllUaisAsync("?territoire=departement:31&arcep30Max=99"));
    }

    [Fact]
    public async Task Lycee_groups_are_type_values()
    {
        var gt = await AllUaisAsync("?type=lycee-gt&territoire=departement:31");
        var pro = await AllUaisAsync("?type=lycee-pro&territoire=departement:31");
        var lycees = await AllUaisAsync("?type=lycee&territoire=departement:31");
        Assert.NotEmpty(gt);
        Assert.NotEmpty(pro);
        Assert.Subset(lycees, gt);
        Assert.Subset(lycees, pro);
        Assert.Contains("0310036W", gt); // Lycée Pierre de Fermat
        Assert.True(gt.Count < lycees.Count && pro.Count < lycees.Count);
    }

    [Fact]
    public async Task A_search_with_no_result_says_which_filter_to_relax()
    {
        var (status, _, body) = await GetAsync("?q=0310036W&secteur=prive");
        Assert.Equal(200, status);
        Assert.Equal(0, body.GetProperty("total").GetInt32());
        Assert.Equal("Aucun résultat : essayez sans le filtre secteur (1 résultat).", body.GetProperty("suggestion").GetString());

        var (_, _, two) = await GetAsync("?q=fermat&territoire=departement:34&ep=rep-plus");
        Assert.Equal(0, two.GetProperty("total").GetInt32());
        Assert.StartsWith("Aucun résultat : essayez sans", two.GetProperty("suggestion").GetString());

        var (_, _, nothing) = await GetAsync("?q=zzzzqqqq");
        Assert.Contains("vérifiez l'orthographe", nothing.GetProperty("suggestion").GetString());
    }

    [Fact]
    public async Task A_filtered_answer_is_revalidated_with_the_version_etag()
    {
        var (_, response, _) = await GetAsync("?type=college&secteur=public");
        Assert.Equal(HttpCaching.CacheControl, response.Headers.CacheControl.ToString());
        var (again, _, _) = await GetAsync("?type=college&secteur=public", response.Headers.ETag.ToString());
        Assert.Equal(304, again);
    }

    [Theory]
    [InlineData("?type=gymnase", "type", "lycee-gt")]
    [InlineData("?secteur=mixte", "secteur", "public, prive")]
    [InlineData("?ep=rep%2B%2B", "ep", "rep, rep-plus, hors")]
    [InlineData("?territoire=departement:99", "territoire", "/api/territoires/departement")]
    [InlineData("?territoire=canton:31", "territoire", "departement:31")]
    [InlineData("?etat=vivant", "etat", "ouvert")]
    [InlineData("?sans4g=oui", "sans4g", "true, false")]
    [InlineData("?inventaire=peut-etre", "inventaire", "renseigne, non-renseigne")]
    [InlineData("?arcep30Max=0", "arcep30Max", "1 à 100")]
    [InlineData("?arcep30Max=cinquante", "arcep30Max", "1 à 100")]
    [InlineData("?type=college&type=ecole", "type", "une seule valeur")]
    [InlineData("?territoire=departement:31&territoire=departement:34", "territoire", "une seule valeur")]
    public async Task A_bad_filter_is_a_400_naming_it_and_its_accepted_values(string query, string parameter, string accepted)
    {
        var (status, response, body) = await GetAsync(query);
        Assert.Equal(400, status);
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
        Assert.Contains(accepted, body.GetProperty("detail").GetString());
        Assert.Empty(response.Headers.ETag.ToString());
    }
}
