using System.Text.Json;
using ECarto.Api;
using ECarto.Exports.Spreadsheets;
using ECarto.Functions.Establishments;
using ECarto.Functions.Exports;
using ECarto.Functions.Observatory;
using ECarto.Tests.Ingestion;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace ECarto.Tests.Exports;

/// <summary>
/// The Excel exports on the real sample, through the function methods, read back with the Open XML SDK:
/// the rows of a selection are the search's results, in its order; a territory's sheet holds its page's
/// figures; a bad request gets its page's problem, never a file.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class SpreadsheetApiTests(PublishedEverything published) : IClassFixture<PublishedEverything>
{
    private SpreadsheetExportFunctions Exports => new(published.Platform.Get<SpreadsheetExportHandlers>());

    private EstablishmentFunctions Search => new(published.Platform.Get<EstablishmentHandlers>());

    private ObservatoryFunctions Territories => new(published.Platform.Get<IndicatorHandlers>(), published.Platform.Get<TerritoryHandlers>());

    private HttpContext NewContext(string query = "", string? ifNoneMatch = null)
    {
        var context = new DefaultHttpContext { RequestServices = published.Platform.Services };
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query);
        if (ifNoneMatch is not null) context.Request.Headers.IfNoneMatch = ifNoneMatch;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static async Task<(int Status, string? ContentType, byte[] Body, HttpResponse Response)> ExecuteAsync(IActionResult result, HttpContext context)
    {
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return (context.Response.StatusCode, context.Response.ContentType, ((MemoryStream)context.Response.Body).ToArray(), context.Response);
    }

    private async Task<(int Status, string? ContentType, byte[] Body, HttpResponse Response)> CallAsync(Func<HttpContext, Task<IActionResult>> call, string query = "", string? ifNoneMatch = null)
    {
        var context = NewContext(query, ifNoneMatch);
        return await ExecuteAsync(await call(context), context);
    }

    /// <summary>Every UAI of a search, page after page, in its order.</summary>
    private async Task<List<string>> SearchAllAsync(string query)
    {
        var uais = new List<string>();
        for (var page = 1; ; page++)
        {
            var (status, _, body, _) = await CallAsync(c => Search.SearchEtablissements(c.Request), $"?{query}&page={page}&pageSize=100");
            Assert.Equal(200, status);
            var root = JsonDocument.Parse(body).RootElement;
            uais.AddRange(root.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("uai").GetString()!));
            if (page >= root.GetProperty("pageCount").GetInt32()) return uais;
        }
    }

    private static List<string> Uais(XlsxFile file) => file.Records(SchoolsExport.SchoolsSheet).Select(r => r["UAI"].Text!).ToList();

    [Fact]
    public async Task Without_filter_the_export_holds_every_school_of_the_search_in_its_order_with_typed_cells()
    {
        var (status, type, body, response) = await CallAsync(c => Exports.GetEtablissementsXlsx(c.Request));
        Assert.Equal(200, status);
        Assert.Equal(SpreadsheetWorkbook.ContentType, type);
        Assert.Contains("ecarto-etablissements-france.xlsx", response.Headers.ContentDisposition.ToString());
        Assert.Equal(HttpCaching.ETagOf(published.Version), response.Headers.ETag.ToString());

        var file = new XlsxFile(body);
        Assert.Equal([SchoolsExport.SchoolsSheet, SchoolsExport.IndicatorsSheet, SchoolsExport.SourcesSheet, SchoolsExport.AboutSheet], file.SheetNames);
        var search = await SearchAllAsync("");
        Assert.Equal(search, Uais(file));

        // Pierre de Fermat: its pupils a number, as the fiche gives them; its commune's figures numbers.
        var fermat = file.Records(SchoolsExport.SchoolsSheet).Single(r => r["UAI"].Text == "0310036W");
        var school = published.Schools["0310036W"];
        Assert.Equal("Lycée général Pierre de Fermat", fermat["Nom"].Text);
        Assert.Equal("Toulouse", fermat["Commune"].Text);
        Assert.True(fermat["Élèves"].IsNumber);
        Assert.Equal(school.Pupils!.Value, fermat["Élèves"].Number);
        Assert.True(fermat["Locaux éligibles à 30 Mbit/s ou plus (commune) (%)"].IsNumber);
        Assert.Equal("oui", fermat["Données de démonstration"].Text);

        // A collège of the national file outside the annuaire's académies: no education prioritaire, no inventory line figures → empty cells.
        var records = file.Records(SchoolsExport.SchoolsSheet);
        Assert.Contains(records, r => r["Éducation prioritaire"].IsEmpty);
        Assert.All(records, r => Assert.False(r["Élèves"].Text == "N.C."));

        // The catalogue and the sources: every indicator, every source with its licence.
        Assert.Equal(ECarto.Indicators.IndicatorCatalogue.All.Select(i => i.Id), file.Records(SchoolsExport.IndicatorsSheet).Select(r => r["Identifiant"].Text));
        var sources = file.Records(SchoolsExport.SourcesSheet);
        Assert.Contains(sources, s => s["Identifiant"].Text == "inventaire" && s["Données de démonstration"].Text!.StartsWith("oui", StringComparison.Ordinal));
        Assert.All(sources, s => Assert.False(s["Licence"].IsEmpty));
        Assert.Contains(file[SchoolsExport.AboutSheet], r => r[0].Text == "Version des données" && r[1].Text == published.Version);
        Assert.Contains(file[SchoolsExport.AboutSheet], r => r[0].Text == "Établissements" && r[1].IsNumber && (int)r[1].Number == search.Count);
    }

    [Theory]
    [InlineData("type=college&q=toulouse", "ecarto-etablissements-college-toulouse.xlsx")]
    [InlineData("q=fermat", "ecarto-etablissements-fermat.xlsx")]
    [InlineData("type=service-administratif", "ecarto-etablissements-service-administratif.xlsx")]
    [InlineData("type=college&secteur=public&territoire=departement:31&ep=rep", "ecarto-etablissements-college-public-rep-departement-31.xlsx")]
    [InlineData("sans4g=true&inventaire=renseigne", "ecarto-etablissements-true-renseigne.xlsx")]
    public async Task A_filtered_export_has_exactly_the_rows_of_the_same_search(string query, string fileName)
    {
        var (status, _, body, response) = await CallAsync(c => Exports.GetEtablissementsXlsx(c.Request), "?" + query);
        Assert.Equal(200, status);
        Assert.Contains(fileName, response.Headers.ContentDisposition.ToString());
        var search = await SearchAllAsync(query);
        Assert.NotEmpty(search);
        Assert.Equal(search, Uais(new XlsxFile(body)));
    }

    [Theory]
    [InlineData("type=cantine")]
    [InlineData("etat=demoli")]
    [InlineData("secteur=mixte")]
    [InlineData("territoire=departement:99")]
    [InlineData("type=college&type=ecole")]
    public async Task A_bad_filter_gets_the_same_400_as_the_search_never_a_file(string query)
    {
        var (status, type, body, response) = await CallAsync(c => Exports.GetEtablissementsXlsx(c.Request), "?" + query);
        var (searchStatus, _, searchBody, _) = await CallAsync(c => Search.SearchEtablissements(c.Request), "?" + query);
        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal(searchStatus, status);
        Assert.Equal(JsonDocument.Parse(searchBody).RootElement.GetProperty("detail").GetString(), JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
        Assert.True(string.IsNullOrEmpty(response.Headers.ContentDisposition.ToString()));
    }

    [Fact]
    public async Task A_reader_who_holds_the_version_gets_a_304_and_a_bad_request_still_its_400()
    {
        var etag = HttpCaching.ETagOf(published.Version);
        Assert.Equal(304, (await CallAsync(c => Exports.GetEtablissementsXlsx(c.Request), "?q=toulouse", etag)).Status);
        Assert.Equal(304, (await CallAsync(c => Exports.GetTerritoireXlsx(c.Request, "departement", "31"), "", etag)).Status);
        Assert.Equal(400, (await CallAsync(c => Exports.GetEtablissementsXlsx(c.Request), "?type=cantine", etag)).Status);
        Assert.Equal(404, (await CallAsync(c => Exports.GetTerritoireXlsx(c.Request, "departement", "99"), "", etag)).Status);
    }

    [Fact]
    public async Task A_territory_export_holds_its_figures_breakdowns_comparison_and_its_schools()
    {
        var (status, type, body, response) = await CallAsync(c => Exports.GetTerritoireXlsx(c.Request, "departement", "31"));
        Assert.Equal(200, status);
        Assert.Equal(SpreadsheetWorkbook.ContentType, type);
        Assert.Contains("ecarto-departement-31.xlsx", response.Headers.ContentDisposition.ToString());
        Assert.Equal(HttpCaching.ETagOf(published.Version), response.Headers.ETag.ToString());

        var file = new XlsxFile(body);
        Assert.Equal([SchoolsExport.TerritorySheet, SchoolsExport.SchoolsSheet, SchoolsExport.IndicatorsSheet, SchoolsExport.SourcesSheet, SchoolsExport.AboutSheet], file.SheetNames);
        var (_, _, ficheBody, _) = await CallAsync(c => Territories.GetTerritoire(c.Request, "departement", "31"));
        var fiche = JsonDocument.Parse(ficheBody).RootElement;

        // Its schools: the territory's count, the same list as its page.
        Assert.Equal(fiche.GetProperty("territory").GetProperty("schools").GetInt32(), Uais(file).Count);
        Assert.Contains("0310036W", Uais(file));

        // The 4G share: overall, for the collèges, for the public sector and for France, as the page gives them.
        var rows = file.Records(SchoolsExport.TerritorySheet).Where(r => r["Identifiant"].Text == "reseau-4g").ToList();
        var network = fiche.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "reseau-4g");
        var overall = rows.Single(r => r["Territoire"].Text == "Haute-Garonne (departement 31)" && r["Ventilation"].Text == TerritorySheetWriter.Overall);
        Assert.True(overall["Valeur"].IsNumber);
        Assert.Equal(network.GetProperty("all").GetProperty("value").GetDouble(), overall["Valeur"].Number, 6);
        Assert.Equal(network.GetProperty("all").GetProperty("notCommunicated").GetInt32(), (int)overall["N.C."].Number);
        var colleges = rows.Single(r => r["Ventilation"].Text == "Collèges" && r["Territoire"].Text!.StartsWith("Haute-Garonne", StringComparison.Ordinal));
        Assert.Equal(network.GetProperty("byType").GetProperty("college").GetProperty("value").GetDouble(), colleges["Valeur"].Number, 6);
        Assert.Contains(rows, r => r["Ventilation"].Text == "Public");
        var france = rows.Single(r => r["Territoire"].Text == "France");
        var franceFigure = network.GetProperty("comparison").EnumerateArray().Single(c => c.GetProperty("level").GetString() == "france");
        Assert.Equal(franceFigure.GetProperty("all").GetProperty("value").GetDouble(), france["Valeur"].Number, 6);
        Assert.Equal(franceFigure.GetProperty("comparable").GetBoolean() ? "oui" : "non", france["Comparable à égalité"].Text);
        Assert.Contains(file.Records(SchoolsExport.TerritorySheet), r => r["Territoire"].Text!.StartsWith("Occitanie", StringComparison.Ordinal));
        // A band indicator: its counts by band, with the bands' labels.
        Assert.Contains(file.Records(SchoolsExport.TerritorySheet), r => r["Identifiant"].Text == "education-prioritaire" && r["Tranches"].Text!.Contains("hors éducation prioritaire", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("departement", "99", 404)]
    [InlineData("departement", "xx", 400)]
    [InlineData("canton", "31", 400)]
    public async Task An_unknown_or_malformed_territory_gets_the_pages_problem_never_a_file(string level, string code, int expected)
    {
        var (status, type, body, _) = await CallAsync(c => Exports.GetTerritoireXlsx(c.Request, level, code));
        var (pageStatus, _, pageBody, _) = await CallAsync(c => Territories.GetTerritoire(c.Request, level, code));
        Assert.Equal(expected, status);
        Assert.Equal(pageStatus, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal(JsonDocument.Parse(pageBody).RootElement.GetProperty("detail").GetString(), JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString());
    }
}
