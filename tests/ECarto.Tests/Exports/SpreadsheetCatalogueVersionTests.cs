using ECarto.Api;
using ECarto.Exports.Spreadsheets;
using ECarto.Ingestion;
using ECarto.Storage;
using Microsoft.AspNetCore.Http;

namespace ECarto.Tests.Exports;

/// <summary>
/// The Excel exports keep the indicator catalogue once per version (it cites each source with its date):
/// after a new version, an export cites that version's sources, never the kept catalogue of the one before.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class SpreadsheetCatalogueVersionTests(AzuriteFixture azurite)
{
    /// <summary>The « Sources » column of the <i>Indicateurs</i> sheet of a search's export, and the export's version.</summary>
    private static async Task<(string Version, List<string?> Citations)> ExportAsync(TestPlatform platform)
    {
        var context = new DefaultHttpContext { RequestServices = platform.Services };
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString("?q=college");
        using var body = new MemoryStream();
        context.Response.Body = body;
        await (await platform.Get<SpreadsheetExportHandlers>().SelectionAsync(context.Request, CancellationToken.None)).ExecuteAsync(context);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        var file = new XlsxFile(body.ToArray());
        var version = file[SchoolsExport.AboutSheet].First(row => row.Count > 1 && row[0].Text == "Version des données")[1].Text!;
        return (version, file.Records(SchoolsExport.IndicatorsSheet).Select(r => r["Sources"].Text).ToList());
    }

    [Fact]
    public async Task After_a_new_version_an_export_cites_the_sources_of_that_version()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var first = (await platform.Get<DataVersions>().CurrentAsync())!.Version;

        var (servedFirst, before) = await ExportAsync(platform);
        Assert.Equal(first, servedFirst);
        Assert.Contains(before, c => c?.Contains("annuaire", StringComparison.OrdinalIgnoreCase) == true);
        Assert.DoesNotContain(before, c => c?.Contains("1999-01-01", StringComparison.Ordinal) == true);

        // A new version whose annuaire has another date: the next export is of it, and cites that date.
        var states = platform.Get<SourceStates>();
        await states.SaveAsync((await states.GetAsync("annuaire"))! with { SourceDate = "1999-01-01" });
        var second = (await platform.Get<Publisher>().PublishAsync())!.Version;
        Assert.NotEqual(first, second);

        var (servedSecond, after) = await ExportAsync(platform);
        Assert.Equal(second, servedSecond);
        Assert.Contains(after, c => c?.Contains("1999-01-01", StringComparison.Ordinal) == true);
    }
}
