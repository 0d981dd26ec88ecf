using System.Web;
using ECarto.Ingestion;
using ECarto.Sources;
using ECarto.Sources.Arcep;
using ECarto.Sources.Cog;
using ECarto.Sources.Colleges;
using ECarto.Sources.Effectifs;
using ECarto.Sources.Ips;
using ECarto.Sources.Publishers;
using Microsoft.Extensions.Configuration;

namespace ECarto.Tests.Sources;

/// <summary>Which file each publisher's API designates, from recorded answers served on loopback (no storage).</summary>
public class PublisherResolutionTests : IAsyncLifetime
{
    private LoopbackPublishers _publishers = null!;
    private TestPlatform _platform = null!;

    public async Task InitializeAsync()
    {
        _publishers = await LoopbackPublishers.StartAsync();
        // The resolution needs no storage: the platform is only the composition root here.
        _platform = new TestPlatform("UseDevelopmentStorage=true", _publishers.Settings(), deleteOnDispose: false);
    }

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        await _publishers.DisposeAsync();
    }

    private Task<ResolvedSource> ResolveAsync(SourceDefinition source) =>
        _platform.Get<SourcePublishers>().ResolveAsync(source.Publication!, CancellationToken.None);

    private string Base => _publishers.Server.BaseUrl;

    [Fact]
    public async Task Data_education_sources_are_their_csv_export_dated_by_data_processed()
    {
        var annuaire = await ResolveAsync(SourceCatalog.Annuaire);
        Assert.Equal($"{Base}/api/explore/v2.1/catalog/datasets/fr-en-annuaire-education/exports/csv?delimiter=%3B", annuaire.Url.AbsoluteUri);
        Assert.Equal(DateTimeOffset.Parse("2024-11-26T05:01:16.15Z"), annuaire.Modified);
        Assert.Equal(new Uri($"{Base}/api/explore/v2.1/catalog/datasets/fr-en-annuaire-education"), annuaire.ApiUrl);

        var colleges = await ResolveAsync(CollegesSource.Definition);
        var query = HttpUtility.ParseQueryString(colleges.Url.Query);
        Assert.Equal(";", query["delimiter"]);
        Assert.Equal("startswith(nature_uai_libe,\"COLLEGE\")", query["where"]);
        Assert.Equal("/api/explore/v2.1/catalog/datasets/fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre/exports/csv", colleges.Url.AbsolutePath);

        Assert.Equal(DateTimeOffset.Parse("2022-03-14T10:05:42.018Z"), (await ResolveAsync(EffectifsSource.Definition)).Modified);
        Assert.Equal(DateTimeOffset.Parse("2024-06-26T08:44:27.301Z"), (await ResolveAsync(IpsSource.Definition)).Modified);
    }

    [Fact]
    public async Task Without_data_processed_the_dataset_is_dated_by_modified()
    {
        var answer = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(LoopbackPublishers.Fixture("data.education.gouv.fr-fr-en-ips-colleges-ap2023.json")))!;
        answer["metas"]!["default"]!.AsObject().Remove("data_processed");
        _publishers.Server.Serve(LoopbackPublishers.OdsDataset("fr-en-ips-colleges-ap2023"), 200, "application/json", answer.ToJsonString());

        Assert.Equal(DateTimeOffset.Parse("2024-06-26T08:40:00Z"), (await ResolveAsync(IpsSource.Definition)).Modified);
    }

    [Fact]
    public async Task Arcep_sources_are_the_newest_matching_resource_of_their_data_gouv_dataset()
    {
        // Two quarters of commune_debit: the newer one; not the département file, nor the documentation.
        var fixe = await ResolveAsync(ArcepFixeSource.Definition);
        Assert.Equal(Base + LoopbackPublishers.ArcepFixeFile, fixe.Url.AbsoluteUri);
        Assert.Equal(DateTimeOffset.Parse("2023-03-23T08:30:00Z"), fixe.Modified);
        Assert.Contains("commune_debit (2022T4)", fixe.Description);

        var thd = await ResolveAsync(ArcepThdSource.Definition);
        Assert.Equal(Base + LoopbackPublishers.ArcepThdFile, thd.Url.AbsoluteUri);
        Assert.Equal(DateTimeOffset.Parse("2018-06-07T11:02:29Z"), thd.Modified);
        Assert.EndsWith("2018t1-obs-hd-thd-deploiement-communes.csv", (await ResolveAsync(ArcepThdSource.CommunesDefinition)).Url.AbsoluteUri);

        var mobile = await ResolveAsync(ArcepMobileSource.Definition);
        Assert.Equal(Base + LoopbackPublishers.ArcepMobileFile, mobile.Url.AbsoluteUri);
        Assert.Equal(new Uri($"{Base}/api/1/datasets/mon-reseau-mobile/"), mobile.ApiUrl);
    }

    [Fact]
    public async Task The_cog_is_the_communes_file_of_the_latest_npm_version_dated_by_its_publication()
    {
        var cog = await ResolveAsync(CogSource.Definition);

        Assert.Equal(Base + LoopbackPublishers.CommunesFile, cog.Url.AbsoluteUri);
        Assert.Equal(DateTimeOffset.Parse("2026-04-09T04:39:18.97Z"), cog.Modified);
        Assert.Contains(LoopbackPublishers.NpmPackage, _publishers.Server.Urls);
    }

    [Fact]
    public async Task A_new_major_version_of_the_cog_package_is_refused_until_the_reader_is_checked()
    {
        var answer = (await File.ReadAllTextAsync(LoopbackPublishers.Fixture("registry.npmjs.org-@etalab-decoupage-administratif.json")))
            .Replace("\"latest\": \"6.0.0\"", "\"latest\": \"7.0.0\"", StringComparison.Ordinal)
            .Replace("\"6.0.0\": \"2026-04-09", "\"7.0.0\": \"2026-04-09", StringComparison.Ordinal);
        _publishers.Server.Serve(LoopbackPublishers.NpmPackage, 200, "application/json", answer);

        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() => ResolveAsync(CogSource.Definition));
        Assert.Contains("version 7.0.0", error.Message);
        Assert.Contains("vérifier le lecteur", error.Message);
    }

    [Theory]
    [InlineData("resources", "\"resources\": 3", "n'a plus la forme attendue : « resources »")]
    [InlineData("format", "\"format\": null", "n'a plus la forme attendue : « format »")]
    [InlineData("last_modified", "\"last_modified\": \"la semaine dernière\"", "date « last_modified » illisible")]
    public async Task A_data_gouv_answer_of_another_shape_is_refused_with_what_changed(string field, string replacement, string reason)
    {
        var answer = await File.ReadAllTextAsync(LoopbackPublishers.Fixture("data.gouv.fr-mon-reseau-mobile.json"));
        var changed = System.Text.RegularExpressions.Regex.Replace(answer, $"\"{field}\": (\\[|\"[^\"]*\")", m => field == "resources" ? replacement + ", \"old\": [" : replacement);
        Assert.NotEqual(answer, changed);
        _publishers.Server.Serve(LoopbackPublishers.DataGouvDataset("mon-reseau-mobile"), 200, "application/json", changed);

        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() => ResolveAsync(ArcepMobileSource.Definition));
        Assert.Contains(reason, error.Message);
        Assert.Contains("data.gouv.fr", error.Message);
    }

    [Fact]
    public async Task An_unreachable_api_is_said_so_after_the_retries()
    {
        var settings = _publishers.Settings();
        settings["Publishers:DataEducation:BaseUrl"] = "http://127.0.0.1:1"; // nothing listens there
        await using var platform = new TestPlatform("UseDevelopmentStorage=true", settings, deleteOnDispose: false);

        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() =>
            platform.Get<SourcePublishers>().ResolveAsync(SourceCatalog.Annuaire.Publication!, CancellationToken.None));
        Assert.StartsWith("L'API de data.education.gouv.fr est injoignable (127.0.0.1)", error.Message);
    }

    [Fact]
    public void A_source_uses_its_production_location_only_without_a_configured_location_or_a_sample_file()
    {
        var empty = new ConfigurationBuilder().AddInMemoryCollection(_publishers.Settings()).Build();
        Assert.True(new SourceLocations(empty).UsesProductionLocation(SourceCatalog.Annuaire));
        Assert.False(new SourceLocations(new ConfigurationBuilder().Build()).UsesProductionLocation(SourceCatalog.Annuaire));
        var configured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(_publishers.Settings())
        {
            ["Sources:annuaire:Location"] = "https://example.org/annuaire.csv",
        }).Build();
        Assert.False(new SourceLocations(configured).UsesProductionLocation(SourceCatalog.Annuaire));
        // Even when the configured location is the production URL itself: it is then read as is.
        var production = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(_publishers.Settings())
        {
            ["Sources:annuaire:Location"] = SourceCatalog.Annuaire.ProductionUrl.AbsoluteUri,
        }).Build();
        Assert.False(new SourceLocations(production).UsesProductionLocation(SourceCatalog.Annuaire));
    }

    [Theory]
    [InlineData("text/html; charset=utf-8")]
    [InlineData("application/json")] // a proxy's or a portal's page, mislabelled
    public async Task An_api_answering_an_html_page_is_refused_whatever_its_media_type(string mediaType)
    {
        _publishers.Server.Serve(LoopbackPublishers.DataGouvDataset("mon-reseau-mobile"), 200, mediaType,
            "<!DOCTYPE html>\n<html lang=\"fr\"><head><title>data.gouv.fr</title></head><body>Service en maintenance</body></html>");

        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() => ResolveAsync(ArcepMobileSource.Definition));
        Assert.Contains("L'API de data.gouv.fr a renvoyé une page HTML au lieu de JSON", error.Message);
    }

    [Fact]
    public void Publisher_base_urls_are_settings_that_azure_app_settings_can_express()
    {
        var defaults = new PublisherEndpoints(new ConfigurationBuilder().Build());
        Assert.Equal("https://www.data.gouv.fr/", defaults.DataGouv.AbsoluteUri);
        Assert.Equal("https://data.education.gouv.fr/", defaults.DataEducation.AbsoluteUri);
        Assert.Equal("https://registry.npmjs.org/", defaults.NpmRegistry.AbsoluteUri);
        Assert.Equal("https://unpkg.com/", defaults.NpmFiles.AbsoluteUri);

        // As Linux app settings (environment variables): letters, digits, « _ », « __ » for « : ».
        const string name = "Publishers__DataGouv__BaseUrl";
        Assert.Matches("^[A-Za-z0-9_.]+$", name);
        var prefix = $"ECARTO_TEST_{Guid.NewGuid():N}_"; // no other test sees it
        Environment.SetEnvironmentVariable(prefix + name, "http://127.0.0.1:1/portail");
        try
        {
            var fromEnvironment = new PublisherEndpoints(new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build());
            Assert.Equal("http://127.0.0.1:1/portail/", fromEnvironment.DataGouv.AbsoluteUri);
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + name, null);
        }
    }
}
