using System.Text.Json;
using ECarto.Api;
using ECarto.Exports;
using ECarto.Functions.Exports;
using ECarto.Functions.Observatory;
using ECarto.Functions.Establishments;
using ECarto.Storage;
using ECarto.Tests.Ingestion;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using UglyToad.PdfPig;

namespace ECarto.Tests.Exports;

/// <summary>
/// The PDF fiches on the real sample, through the function methods: read back with PdfPig, they hold the
/// same figures as the JSON answer the page shows; a second request is served from the export cache.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class FichePdfApiTests(PublishedEverything published) : IClassFixture<PublishedEverything>
{
    private ExportFunctions Exports => new(published.Platform.Get<ExportHandlers>());

    private HttpContext NewContext(string? ifNoneMatch = null)
    {
        var context = new DefaultHttpContext { RequestServices = published.Platform.Services };
        context.Request.Method = "GET";
        if (ifNoneMatch is not null) context.Request.Headers.IfNoneMatch = ifNoneMatch;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static async Task<(int Status, string? ContentType, byte[] Body, HttpResponse Response)> ExecuteAsync(IActionResult result, HttpContext context)
    {
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return (context.Response.StatusCode, context.Response.ContentType, ((MemoryStream)context.Response.Body).ToArray(), context.Response);
    }

    private async Task<JsonElement> JsonAsync(Func<HttpContext, Task<IActionResult>> call)
    {
        var context = NewContext();
        var (status, _, body, _) = await ExecuteAsync(await call(context), context);
        Assert.Equal(200, status);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string Text(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => p.Text));
    }

    /// <summary>Without spaces: a long source name wraps over two lines of the PDF.</summary>
    private static string Squashed(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    /// <summary>Every property path of a JSON value (array items merged): its shape, whatever its figures.</summary>
    private static SortedSet<string> Shape(JsonElement element, string path = "", SortedSet<string>? paths = null)
    {
        paths ??= new SortedSet<string>(StringComparer.Ordinal);
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    paths.Add($"{path}.{property.Name}");
                    Shape(property.Value, $"{path}.{property.Name}", paths);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Shape(item, path + "[]", paths);
                break;
        }
        return paths;
    }

    [Fact]
    public async Task The_answers_kept_for_the_fast_export_tests_have_the_shape_the_api_answers_today()
    {
        // PublishedAnswers' files stand in for the API in the fast tests: when an answer gains or loses a
        // property, they must be captured again, or those tests would check exporters against a stale API.
        var observatory = new ObservatoryFunctions(published.Platform.Get<IndicatorHandlers>(), published.Platform.Get<TerritoryHandlers>());
        var live = new Dictionary<string, JsonElement>
        {
            ["etablissement-0310036W"] = await JsonAsync(c => new EstablishmentFunctions(published.Platform.Get<EstablishmentHandlers>()).GetEtablissement(c.Request, "0310036W")),
            ["territoire-departement-31"] = await JsonAsync(c => observatory.GetTerritoire(c.Request, "departement", "31")),
            ["territoire-france-FR"] = await JsonAsync(c => observatory.GetTerritoire(c.Request, "france", "FR")),
            ["catalogue"] = await JsonAsync(c => observatory.ListIndicateurs(c.Request)),
        };
        foreach (var (name, answer) in live)
        {
            var kept = Shape(PublishedAnswers.Json(name));
            var now = Shape(answer);
            Assert.True(kept.SetEquals(now),
                $"{name} : à capturer de nouveau (PublishedAnswers). En plus aujourd'hui : {string.Join(", ", now.Except(kept).Take(10))} ; disparus : {string.Join(", ", kept.Except(now).Take(10))}");
        }
    }

    private static JsonElement Indicator(JsonElement list, string id) => list.EnumerateArray().Single(i => i.GetProperty("id").GetString() == id);

    [Fact]
    public async Task A_school_fiche_pdf_holds_the_figures_sources_and_demonstration_marks_of_its_page()
    {
        var context = NewContext();
        var (status, type, pdf, response) = await ExecuteAsync(await Exports.GetFicheEtablissementPdf(context.Request, "0310036W"), context);
        Assert.Equal(200, status);
        Assert.Equal("application/pdf", type);
        Assert.Contains("ecarto-etablissement-0310036W.pdf", response.Headers.ContentDisposition.ToString());
        Assert.Equal(HttpCaching.ETagOf(published.Version), response.Headers.ETag.ToString());

        var page = await JsonAsync(c => new EstablishmentFunctions(published.Platform.Get<EstablishmentHandlers>()).GetEtablissement(c.Request, "0310036W"));
        var text = Text(pdf);
        Assert.Contains("Lycée général Pierre de Fermat", text);
        Assert.Contains("0310036W", text);
        Assert.Contains("Réseau fixe de la commune de Toulouse", text);
        // The commune's ≥ 30 Mbit/s share, as the page's answer gives it, in French.
        var connectivity = page.GetProperty("indicators").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "connectivite").GetProperty("indicators");
        var share = Indicator(connectivity, "arcep-eligibles-30").GetProperty("value").GetDouble();
        Assert.Contains(FrenchFormat.Percent(share), text);
        Assert.Contains("[démo]", text);
        Assert.Contains("Données de démonstration", text);
        foreach (var source in page.GetProperty("sources").EnumerateArray())
        {
            Assert.Contains(Squashed(source.GetProperty("dataset").GetString()!), Squashed(text));
        }
        Assert.Contains(published.Version, text);
        Assert.Contains("Page 1 sur", text);
    }

    [Fact]
    public async Task A_territory_fiche_pdf_holds_its_coverage_comparison_and_breakdowns()
    {
        var context = NewContext();
        var (status, type, pdf, _) = await ExecuteAsync(await Exports.GetFicheTerritoirePdf(context.Request, "departement", "31"), context);
        Assert.Equal(200, status);
        Assert.Equal("application/pdf", type);

        var fiche = await JsonAsync(c => new ObservatoryFunctions(published.Platform.Get<IndicatorHandlers>(), published.Platform.Get<TerritoryHandlers>()).GetTerritoire(c.Request, "departement", "31"));
        var text = Text(pdf);
        Assert.Contains("Haute-Garonne", text);
        Assert.Contains("Couverture des données", text);
        Assert.Contains(FrenchFormat.Number(fiche.GetProperty("territory").GetProperty("schools").GetInt32()), text);
        foreach (var parent in new[] { "Académie de Toulouse", "Occitanie", "France" }) Assert.Contains(parent, text);
        // The share of schools with a 4G site, overall and for the collèges, with its N.C. share.
        var network = Indicator(fiche.GetProperty("indicators"), "reseau-4g");
        Assert.Contains(FrenchFormat.Percent(network.GetProperty("all").GetProperty("value").GetDouble()), text);
        var colleges = network.GetProperty("byType").GetProperty("college");
        Assert.Contains(FrenchFormat.Percent(colleges.GetProperty("value").GetDouble()), text);
        var all = network.GetProperty("all");
        Assert.Contains("N.C. : " + FrenchFormat.Percent(all.GetProperty("notCommunicated").GetDouble() / all.GetProperty("schools").GetDouble() * 100), text);
        Assert.Contains("[démo]", text);
        Assert.Contains("Ma connexion internet", text);
    }

    [Fact]
    public async Task A_second_request_is_served_from_the_export_cache_of_its_version()
    {
        var first = NewContext();
        var (status, _, _, _) = await ExecuteAsync(await Exports.GetFicheTerritoirePdf(first.Request, "academie", "16"), first);
        Assert.Equal(200, status);
        var storage = published.Platform.Get<ECartoStorage>();
        var container = await storage.ContainerAsync(StorageNames.ExportsContainer);
        var blob = container.GetBlobClient(ExportCache.Key(published.Version, "territoires/academie/16.pdf"));
        Assert.True((await blob.ExistsAsync()).Value);

        // Mark the cached file: the next answer must be that file, not a new rendering.
        var marked = (await blob.DownloadContentAsync()).Value.Content.ToArray().Concat("%marked"u8.ToArray()).ToArray();
        await blob.UploadAsync(BinaryData.FromBytes(marked), overwrite: true);
        var second = NewContext();
        var (again, _, body, _) = await ExecuteAsync(await Exports.GetFicheTerritoirePdf(second.Request, "academie", "16"), second);
        Assert.Equal(200, again);
        Assert.Equal(marked, body);

        // A reader who holds this version's file gets a 304.
        var fresh = NewContext(HttpCaching.ETagOf(published.Version));
        Assert.Equal(304, (await ExecuteAsync(await Exports.GetFicheTerritoirePdf(fresh.Request, "academie", "16"), fresh)).Status);
    }

    [Fact]
    public async Task The_files_of_other_versions_are_removed_by_the_publishers_clean_up_and_the_served_versions_kept()
    {
        var cache = published.Platform.Get<ExportCache>();
        await cache.WriteAsync("v20000101000000000", "etablissements/0310036W.pdf", [1, 2, 3], ExportHandlers.PdfType, CancellationToken.None);
        var context = NewContext();
        await ExecuteAsync(await Exports.GetFicheEtablissementPdf(context.Request, "0311236A"), context);

        // The publisher's clean-up, which runs after every publication.
        var removed = await published.Platform.Get<ECarto.Ingestion.Publisher>().RemoveUnservedVersionsAsync();

        Assert.Contains(StorageNames.ExportsContainer + "/v20000101000000000/", removed);
        Assert.DoesNotContain(StorageNames.ExportsContainer + "/" + published.Version + "/", removed);
        Assert.Null(await cache.TryReadAsync("v20000101000000000", "etablissements/0310036W.pdf", CancellationToken.None));
        Assert.NotNull(await cache.TryReadAsync(published.Version, "etablissements/0311236A.pdf", CancellationToken.None));
    }

    [Theory]
    [InlineData("0000000A", 404)]
    [InlineData("pas-un-uai", 400)]
    public async Task An_unknown_or_malformed_uai_gets_the_pages_problem_never_a_file(string uai, int expected)
    {
        var context = NewContext();
        var (status, type, body, _) = await ExecuteAsync(await Exports.GetFicheEtablissementPdf(context.Request, uai), context);
        Assert.Equal(expected, status);
        Assert.Equal("application/problem+json", type);
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("departement", "99", 404)]
    [InlineData("departement", "xx", 400)]
    [InlineData("canton", "31", 400)]
    public async Task An_unknown_or_malformed_territory_gets_the_pages_problem_never_a_file(string level, string code, int expected)
    {
        var context = NewContext();
        var (status, type, _, _) = await ExecuteAsync(await Exports.GetFicheTerritoirePdf(context.Request, level, code), context);
        Assert.Equal(expected, status);
        Assert.Equal("application/problem+json", type);
    }
}
