using System.Globalization;
using System.Text.Json;
using ECarto.Api;
using ECarto.Functions.Observatory;
using ECarto.Tests.Ingestion;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace ECarto.Tests.Territories;

/// <summary>
/// The map's API on the real sample: an indicator for every territory of a level (the choropleth) and a
/// territory's schools as points. Expected values are recomputed from the raw CSV files (split on « ; »).
/// </summary>
[Collection(AzuriteCollection.Name)]
public class MapApiTests(PublishedEverything published) : IClassFixture<PublishedEverything>
{
    private ObservatoryFunctions Functions => new(published.Platform.Get<IndicatorHandlers>(), published.Platform.Get<TerritoryHandlers>());

    private async Task<(int Status, JsonElement Body)> ListAsync(string level, string query)
    {
        var context = NewContext(query);
        return await ExecuteAsync(await Functions.ListTerritoires(context.Request, level), context);
    }

    private async Task<(int Status, JsonElement Body)> SchoolsAsync(string level, string code, string query)
    {
        var context = NewContext(query);
        return await ExecuteAsync(await Functions.ListEtablissementsDuTerritoire(context.Request, level, code), context);
    }

    private HttpContext NewContext(string query)
    {
        var context = new DefaultHttpContext { RequestServices = published.Platform.Services };
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query);
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static async Task<(int Status, JsonElement Body)> ExecuteAsync(IActionResult result, HttpContext context)
    {
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        var body = await JsonDocument.ParseAsync(context.Response.Body);
        return (context.Response.StatusCode, body.RootElement.Clone());
    }

    /// <summary>Σ elig_thd30 / Σ nbr × 100 over the raw Arcep lines (type « all ») that pass the filter; null without premises.</summary>
    private static double? RawEligible30(Func<string[], bool> where)
    {
        var lines = File.ReadAllLines(Path.Combine(TestData.Root, "data", "arcep-fixe", "arcep_maconnexioninternet_communes_2022T4.csv"));
        var header = lines[0].TrimStart('\uFEFF').Split(';');
        var rows = lines.Skip(1).Select(l => l.Split(';')).Where(r => r.Length == header.Length && r[Array.IndexOf(header, "type")] == "all").Where(where).ToList();
        double Sum(string column) => rows.Sum(r => double.Parse(r[Array.IndexOf(header, column)], CultureInfo.InvariantCulture));
        return Sum("nbr") > 0 ? 100 * Sum("elig_thd30") / Sum("nbr") : null;
    }

    private static Dictionary<string, JsonElement> ByCode(JsonElement body) =>
        body.GetProperty("territories").EnumerateArray().ToDictionary(t => t.GetProperty("code").GetString()!);

    [Fact]
    public async Task Each_departement_of_occitanie_is_coloured_by_its_arcep_30_share_exact_from_the_raw_premises()
    {
        var (status, body) = await ListAsync("departement", "?parent=region:76&indicateur=arcep-eligibles-30");
        Assert.Equal(200, status);
        Assert.Equal("arcep-eligibles-30", body.GetProperty("indicateur").GetProperty("id").GetString());
        Assert.Equal("%", body.GetProperty("indicateur").GetProperty("unit").GetString());
        Assert.False(body.GetProperty("demonstration").GetBoolean());
        var departements = ByCode(body);
        Assert.Equal(["09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"], departements.Keys.Order(StringComparer.Ordinal));
        foreach (var (code, territory) in departements)
        {
            var figure = territory.GetProperty("indicateur");
            Assert.Equal(RawEligible30(r => r[2] == code)!.Value, figure.GetProperty("value").GetDouble(), 9);
            Assert.Equal(0, figure.GetProperty("demonstration").GetInt32());
        }
    }

    [Fact]
    public async Task The_communes_of_a_departement_carry_their_own_figures_read_from_storage()
    {
        var (status, body) = await ListAsync("commune", "?parent=departement:31&indicateur=arcep-eligibles-30");
        Assert.Equal(200, status);
        var communes = ByCode(body);
        var (_, plain) = await ListAsync("commune", "?parent=departement:31");
        Assert.Equal(ByCode(plain).Keys.Order(), communes.Keys.Order());
        Assert.True(communes.Count > 500, $"{communes.Count}");
        // Toulouse and a small commune, each exact from its own raw line.
        foreach (var code in new[] { "31555", "31001" })
        {
            Assert.Equal(RawEligible30(r => r[0] == code)!.Value, communes[code].GetProperty("indicateur").GetProperty("value").GetDouble(), 9);
        }
        Assert.All(communes.Values, c => Assert.Equal(JsonValueKind.Object, c.GetProperty("indicateur").ValueKind));
    }

    [Fact]
    public async Task Demonstration_values_are_flagged_with_their_coverage()
    {
        var (status, body) = await ListAsync("academie", "?indicateur=terminaux");
        Assert.Equal(200, status);
        Assert.True(body.GetProperty("demonstration").GetBoolean());
        Assert.True(body.GetProperty("indicateur").GetProperty("canBeDemonstration").GetBoolean());
        var toulouse = ByCode(body)["16"].GetProperty("indicateur");
        var schools = toulouse.GetProperty("schools").GetInt32();
        var known = toulouse.GetProperty("known").GetInt32();
        Assert.True(toulouse.GetProperty("demonstration").GetInt32() > 0);
        Assert.True(known > 0 && known <= schools, $"{known}/{schools}");
        Assert.Equal(100.0 * known / schools, toulouse.GetProperty("coverage").GetDouble(), 9);
        // The same figure as the académie's own fiche.
        var context = NewContext("");
        var (_, fiche) = await ExecuteAsync(await Functions.GetTerritoire(context.Request, "academie", "16"), context);
        var all = fiche.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "terminaux").GetProperty("all");
        Assert.Equal(all.GetProperty("value").GetDouble(), toulouse.GetProperty("value").GetDouble());
        Assert.Equal(all.GetProperty("schools").GetInt32(), schools);
    }

    [Theory]
    [InlineData("inconnu", "/api/indicateurs")]
    [InlineData("<script>", "/api/indicateurs")]
    [InlineData("wifi", "par tranches")]
    public async Task An_unknown_or_unmappable_indicator_is_a_400_that_points_to_the_catalogue(string indicator, string expected)
    {
        var (status, body) = await ListAsync("departement", $"?indicateur={Uri.EscapeDataString(indicator)}");
        Assert.Equal(400, status);
        Assert.Equal("indicateur", body.GetProperty("parameter").GetString());
        Assert.Contains(expected, body.GetProperty("detail").GetString());
    }

    /// <summary>The open collèges of Paris in the raw national file, with their position.</summary>
    private static Dictionary<string, (double Latitude, double Longitude)> RawParisColleges()
    {
        var lines = File.ReadAllLines(Path.Combine(TestData.Root, "data", "annuaire", "fr-en-adresse-et-geolocalisation_colleges_france_2024.csv"));
        var h = lines[0].TrimStart('\uFEFF').Split(';');
        int Col(string name) => Array.IndexOf(h, name);
        return lines.Skip(1).Select(l => l.Split(';'))
            .Where(c => c[Col("code_departement")] == "075" && c[Col("etat_etablissement_libe")] is "OUVERT" or "A FERMER" && c[Col("latitude")].Length > 0)
            .ToDictionary(c => c[Col("numero_uai")], c => (double.Parse(c[Col("latitude")], CultureInfo.InvariantCulture), double.Parse(c[Col("longitude")], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_points_of_a_departement_are_its_schools_at_their_raw_positions()
    {
        var (status, body) = await SchoolsAsync("departement", "75", "?vue=points");
        Assert.Equal(200, status);
        var expected = RawParisColleges();
        var points = body.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(expected.Keys.Order(), points.Select(p => p.GetProperty("uai").GetString()!).Order());
        Assert.Equal(points.Count, body.GetProperty("located").GetInt32());
        foreach (var p in points)
        {
            var (lat, lon) = expected[p.GetProperty("uai").GetString()!];
            // Five decimals (about a metre) are served.
            Assert.InRange(p.GetProperty("latitude").GetDouble() - lat, -6e-6, 6e-6);
            Assert.InRange(p.GetProperty("longitude").GetDouble() - lon, -6e-6, 6e-6);
            Assert.Equal("Collège", p.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task The_points_of_a_departement_of_the_annuaire_have_every_type_and_follow_the_type_filter()
    {
        var (_, all) = await SchoolsAsync("departement", "31", "?vue=points");
        var types = all.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("type").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "École", "Collège", "Lycée" }, types);
        Assert.True(all.GetProperty("located").GetInt32() > 1000, all.GetProperty("located").ToString());
        // The collèges as points: the same schools as the paged list's, those with a position.
        var (_, colleges) = await SchoolsAsync("departement", "31", "?vue=points&type=college");
        var listed = new HashSet<string>();
        for (var page = 1; page <= 2; page++)
        {
            var (_, list) = await SchoolsAsync("departement", "31", $"?type=college&pageSize=100&page={page}");
            Assert.Equal(list.GetProperty("total").GetInt32(), colleges.GetProperty("total").GetInt32());
            listed.UnionWith(list.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("uai").GetString()!));
        }
        Assert.Equal(colleges.GetProperty("total").GetInt32(), listed.Count);
        var located = colleges.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("uai").GetString()!).ToList();
        Assert.Equal(colleges.GetProperty("located").GetInt32(), located.Count);
        Assert.True(located.Count > listed.Count / 2, $"{located.Count} sur {listed.Count}");
        Assert.Subset(listed, located.ToHashSet());
    }

    [Theory]
    [InlineData("france", "FR", "?vue=points")]
    [InlineData("departement", "31", "?vue=carte")]
    public async Task Points_are_refused_for_france_and_an_unknown_view_is_a_400(string level, string code, string query)
    {
        var (status, body) = await SchoolsAsync(level, code, query);
        Assert.Equal(400, status);
        Assert.Equal("vue", body.GetProperty("parameter").GetString());
    }
}
