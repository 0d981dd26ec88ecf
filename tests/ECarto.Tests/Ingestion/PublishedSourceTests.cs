using ECarto.Functions.Ingestion;
using ECarto.Ingestion;
using ECarto.Sources;
using Microsoft.Azure.Functions.Worker;

namespace ECarto.Tests.Ingestion;

/// <summary>
/// Production sources on a real Azurite: the timer resolves the current file through the publisher's API
/// (recorded answers on loopback), fetches, archives, parses and publishes it; a publisher that fails
/// fails the run and leaves the previous version served.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class PublishedSourceTests(AzuriteFixture azurite)
{
    private static string AnnuaireExport(LoopbackPublishers publishers) =>
        $"{publishers.Server.BaseUrl}{LoopbackPublishers.OdsDataset("fr-en-annuaire-education")}/exports/csv?delimiter=%3B";

    [Fact]
    public async Task The_timer_resolves_the_annuaire_through_data_education_then_fetches_archives_parses_and_publishes_it()
    {
        await using var publishers = await LoopbackPublishers.StartAsync();
        await using var platform = new TestPlatform(azurite.ConnectionString, publishers.Settings());

        await new IngestionFunctions(platform.Get<IngestionJobs>()).IngestAnnuaire(new TimerInfo(), CancellationToken.None);

        var export = AnnuaireExport(publishers);
        var record = (await platform.RunsAsync("annuaire"))[0];
        Assert.Equal(RunStatus.Succeeded, record.GetString("Status"));
        Assert.Equal(export, record.GetString("SourceLocation"));
        Assert.Equal(DateTimeOffset.Parse("2024-11-26T05:01:16.15Z"), record.GetDateTimeOffset("PublishedAt"));
        Assert.Contains("API data.education.gouv.fr", record.GetString("ResolvedBy"));
        Assert.Equal("2024-11-26", record.GetString("SourceDate"));
        Assert.Contains("raw/annuaire/", record.GetString("RawBlob"));

        var state = (await platform.Get<SourceStates>().GetAsync("annuaire"))!;
        Assert.Equal(export, state.Location);
        Assert.Equal(DateTimeOffset.Parse("2024-11-26T05:01:16.15Z"), state.PublishedAt);
        Assert.Equal(6237, (await platform.PublishedSchoolsAsync()).Count);
        // The metadata first, then the export the API designated.
        var asked = publishers.Server.Urls.ToList();
        Assert.True(asked.IndexOf(LoopbackPublishers.OdsDataset("fr-en-annuaire-education")) < asked.IndexOf(new Uri(export).PathAndQuery));

        // Next run: the API gives the same file and date, so nothing is downloaded again.
        var again = await platform.Get<IngestionJobs>().RunAsync("annuaire");
        Assert.Equal(RunStatus.Skipped, again.Status);
        Assert.Contains("inchangée selon l'API data.education.gouv.fr", again.Note);
        Assert.Equal(1, publishers.Server.Requests[new Uri(export).AbsolutePath]);
    }

    [Fact]
    public async Task Arcep_and_the_cog_are_resolved_through_data_gouv_and_npm_and_published()
    {
        await using var publishers = await LoopbackPublishers.StartAsync();
        await using var platform = new TestPlatform(azurite.ConnectionString, publishers.Settings());

        // With the annuaire (resolved too), without which nothing is published.
        var failed = await platform.Get<IngestionJobs>().RunSourcesAsync(["annuaire", "arcep-thd", "cog"]);

        Assert.Empty(failed);
        var thd = (await platform.RunsAsync("arcep-thd"))[0];
        Assert.Equal(publishers.Server.BaseUrl + LoopbackPublishers.ArcepThdFile, thd.GetString("SourceLocation"));
        Assert.Equal("2018-06-07", thd.GetString("SourceDate"));
        Assert.Contains("API data.gouv.fr", thd.GetString("ResolvedBy"));
        Assert.True(thd.GetInt32("Written") > 30000);
        var cog = (await platform.RunsAsync("cog"))[0];
        Assert.Equal(publishers.Server.BaseUrl + LoopbackPublishers.CommunesFile, cog.GetString("SourceLocation"));
        Assert.Equal("2026-04-09", cog.GetString("SourceDate"));
        var version = (await platform.Get<DataVersions>().CurrentAsync())!;
        Assert.Equal(thd.RowKey, version.Sources["arcep-thd"]);
        Assert.Equal(cog.RowKey, version.Sources["cog"]);
    }

    [Fact]
    public async Task A_configured_location_wins_over_the_publisher()
    {
        await using var publishers = await LoopbackPublishers.StartAsync();
        publishers.Server.Publish("annuaire.csv", TestData.AnnuairePath);
        var settings = publishers.Settings();
        settings["Sources:annuaire:Location"] = publishers.Server.Url("files/annuaire.csv");
        await using var platform = new TestPlatform(azurite.ConnectionString, settings);

        var run = await platform.Get<IngestionJobs>().RunAsync("annuaire");

        Assert.Equal(publishers.Server.Url("files/annuaire.csv"), run.SourceLocation);
        Assert.Null(run.ResolvedBy);
        Assert.DoesNotContain(publishers.Server.Urls, url => url.StartsWith("/api/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_publisher_designates_another_file_the_old_files_validators_are_not_sent()
    {
        await using var publishers = await LoopbackPublishers.StartAsync();
        await using var platform = new TestPlatform(azurite.ConnectionString, publishers.Settings());
        Assert.Equal(RunStatus.Succeeded, (await platform.Get<IngestionJobs>().RunAsync("arcep-fixe")).Status);

        // A new quarter, whose file happens to have the same bytes (so the same ETag on this server).
        const string next = "/data.arcep.fr/fixe/maconnexioninternet/statistiques/2023t1/commune/commune_debit.csv";
        publishers.Server.ServeFile(next, LoopbackPublishers.Sample(ECarto.Sources.Arcep.ArcepFixeSource.Definition));
        var answer = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(LoopbackPublishers.Fixture("data.gouv.fr-ma-connexion-internet.json")))!;
        var quarter = answer["resources"]![1]!.DeepClone();
        quarter["title"] = "commune_debit (2023T1)";
        quarter["url"] = LoopbackPublishers.ArcepFiles + next["/data.arcep.fr".Length..];
        quarter["last_modified"] = "2023-06-22T08:30:00+00:00";
        answer["resources"]!.AsArray().Add(quarter);
        var changed = WriteTemporary(answer.ToJsonString());
        publishers.Server.ServeJson(LoopbackPublishers.DataGouvDataset("ma-connexion-internet"), changed, LoopbackPublishers.ArcepFiles);
        File.Delete(changed);

        var run = await platform.Get<IngestionJobs>().RunAsync("arcep-fixe");

        // Downloaded without If-None-Match (not a 304 meant for the previous file), then recognised by its hash.
        Assert.DoesNotContain(next, publishers.Server.ConditionalRequests);
        Assert.Equal(RunStatus.Skipped, run.Status);
        Assert.Contains("contenu identique", run.Note);
        var state = (await platform.Get<SourceStates>().GetAsync("arcep-fixe"))!;
        Assert.Equal(publishers.Server.BaseUrl + next, state.Location);
        Assert.Equal(DateTimeOffset.Parse("2023-06-22T08:30:00Z"), state.PublishedAt);
    }

    private static string WriteTemporary(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ecarto-answer-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }

    public enum Failure { ShapeChanged, ServerError, NotFound, HtmlPage, ExportIsHtml }

    [Theory]
    [InlineData(Failure.ShapeChanged, "n'a plus la forme attendue : « metas »")]
    [InlineData(Failure.ServerError, "a répondu 500")]
    [InlineData(Failure.NotFound, "introuvable")]
    [InlineData(Failure.HtmlPage, "page HTML au lieu de JSON")]
    [InlineData(Failure.ExportIsHtml, "Fichier désigné par l'API data.education.gouv.fr")]
    public async Task A_failing_data_education_api_fails_the_run_and_the_previous_version_stays_served(Failure failure, string reason)
    {
        await using var publishers = await LoopbackPublishers.StartAsync();
        await using var platform = new TestPlatform(azurite.ConnectionString, publishers.Settings());
        await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var good = await platform.Get<DataVersions>().CurrentAsync();

        var metadata = LoopbackPublishers.OdsDataset("fr-en-annuaire-education");
        var server = publishers.Server;
        switch (failure)
        {
            case Failure.ShapeChanged:
                // A newer data date, but no « metas » any more (renamed).
                var answer = (await File.ReadAllTextAsync(LoopbackPublishers.Fixture("data.education.gouv.fr-fr-en-annuaire-education.json")))
                    .Replace("\"metas\":", "\"metadata\":", StringComparison.Ordinal);
                server.Serve(metadata, 200, "application/json", answer);
                break;
            case Failure.ServerError:
                server.Serve(metadata, 500, "application/json", "{\"error_code\": \"InternalError\", \"message\": \"Erreur interne\"}");
                break;
            case Failure.NotFound:
                server.Serve(metadata, 404, "application/json; charset=utf-8",
                    "{\"error_code\": \"DatasetNotFound\", \"message\": \"Unknown dataset: fr-en-annuaire-education\"}");
                break;
            case Failure.HtmlPage:
                server.Serve(metadata, 200, "text/html", "<!DOCTYPE html><html><body>Maintenance en cours</body></html>");
                break;
            case Failure.ExportIsHtml:
                // The API dates the data anew, and its export is a page.
                server.Serve(metadata, 200, "application/json", (await File.ReadAllTextAsync(LoopbackPublishers.Fixture("data.education.gouv.fr-fr-en-annuaire-education.json")))
                    .Replace("2024-11-26T05:01:16.150000+00:00", "2024-12-03T05:01:16.150000+00:00", StringComparison.Ordinal));
                server.Serve($"{metadata}/exports/csv", 200, "text/html", "<!DOCTYPE html><html><body>Maintenance en cours</body></html>");
                break;
        }
        var error = await Assert.ThrowsAsync<IngestionFailedException>(() => platform.Get<IngestionJobs>().RunAsync("annuaire"));

        Assert.Contains(reason, error.Run.Error);
        Assert.Equal(good!.Version, (await platform.Get<DataVersions>().CurrentAsync())!.Version);
        Assert.Equal(6237, (await platform.PublishedSchoolsAsync()).Count);
        var latest = (await platform.RunsAsync("annuaire"))[0];
        Assert.Equal(RunStatus.Failed, latest.GetString("Status"));
        Assert.Equal(error.Run.Error, latest.GetString("Error"));
        var state = (await platform.Get<SourceStates>().GetAsync("annuaire"))!;
        Assert.Equal(DateTimeOffset.Parse("2024-11-26T05:01:16.15Z"), state.PublishedAt);
        if (failure == Failure.ServerError) Assert.True(server.Requests[metadata] >= 3, "a server error of the API is retried");
    }

    [Fact]
    public async Task A_data_gouv_dataset_without_a_matching_resource_fails_the_run_and_the_previous_version_stays_served()
    {
        await using var publishers = await LoopbackPublishers.StartAsync();
        await using var platform = new TestPlatform(azurite.ConnectionString, publishers.Settings());
        Assert.Empty(await platform.Get<IngestionJobs>().RunSourcesAsync(["annuaire", "arcep-fixe"]));
        var good = (await platform.Get<DataVersions>().CurrentAsync())!;

        // The publisher renamed its files: only the département statistics and the documentation remain.
        var answer = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(LoopbackPublishers.Fixture("data.gouv.fr-ma-connexion-internet.json")))!;
        var resources = answer["resources"]!.AsArray();
        foreach (var commune in resources.Where(r => r!["title"]!.GetValue<string>().StartsWith("commune_", StringComparison.Ordinal)).ToList()) resources.Remove(commune);
        publishers.Server.Serve(LoopbackPublishers.DataGouvDataset("ma-connexion-internet"), 200, "application/json", answer.ToJsonString());

        var error = await Assert.ThrowsAsync<IngestionFailedException>(() => platform.Get<IngestionJobs>().RunAsync("arcep-fixe"));

        Assert.Contains("Aucune ressource du jeu « ma-connexion-internet » sur data.gouv.fr ne correspond", error.Run.Error);
        Assert.Contains("parmi ses 2 ressources", error.Run.Error);
        var served = (await platform.Get<DataVersions>().CurrentAsync())!;
        Assert.Equal(good.Version, served.Version);
        Assert.Equal(good.Sources["arcep-fixe"], served.Sources["arcep-fixe"]);
        Assert.Equal(RunStatus.Failed, (await platform.RunsAsync("arcep-fixe"))[0].GetString("Status"));
    }
}
