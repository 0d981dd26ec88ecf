using ECarto.Establishments;
using ECarto.Ingestion;
using ECarto.Storage;

namespace ECarto.Tests.Ingestion;

/// <summary>The real Occitanie annuaire through the whole run lifecycle, on a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public class IngestionLifecycleTests(AzuriteFixture azurite)
{
    private static Dictionary<string, string?> Location(string location) => new() { ["Sources:annuaire:Location"] = location };

    [Fact]
    public async Task Counts_per_academie_and_type_read_back_from_storage_equal_the_raw_file()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        var run = await platform.Get<IngestionJobs>().RunAsync("annuaire");

        var stored = await platform.PublishedSchoolsAsync();
        var expected = TestData.DistinctUaiByAcademieAndType();

        Assert.Equal(361, expected[("Toulouse", "Collège")]);
        Assert.Equal(242, expected[("Montpellier", "Lycée")]);
        foreach (var ((academie, type), count) in expected)
        {
            // The observatory spells « Ecole » with its accent; other types are shown as the source writes them.
            var shown = type == "Ecole" ? "École" : type;
            Assert.Equal(count, stored.Count(s => s.AcademieName == academie && s.Types.Contains(shown)));
        }
        var (_, rows) = TestData.AnnuaireRaw();
        Assert.Equal(rows.Select(r => r[0]).Distinct().Count(), stored.Count);
        Assert.Equal(stored.Count, run.Written);
        Assert.Equal(rows.Count, run.Read);
        Assert.Equal(0, run.Rejected);
        Assert.Equal(rows.Count, run.Accepted);
    }

    [Fact]
    public async Task A_school_is_stored_under_its_departement_with_its_source()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var version = (await platform.Get<DataVersions>().CurrentAsync())!.Version;

        var fermat = await platform.Get<SchoolStore>().GetAsync(version, "31", "0310036W");
        Assert.NotNull(fermat);
        Assert.Equal("Toulouse", fermat.CommuneName);
        Assert.Equal("Occitanie", fermat.RegionName);
        Assert.Equal("2024-11-26", fermat.Source.Date);
        Assert.Contains("Licence Ouverte", fermat.Source.Text);
    }

    [Fact]
    public async Task A_version_of_an_older_layout_is_published_again_by_the_next_run_from_its_staged_rows()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var storage = platform.Get<ECartoStorage>();
        var old = (await platform.Get<DataVersions>().CurrentAsync())!;
        // As layout 1 left them: a served version without its layout, rows staged without their source id.
        var versions = await storage.TableAsync(StorageNames.VersionsTable);
        var current = (await versions.GetEntityAsync<Azure.Data.Tables.TableEntity>("published", "current")).Value;
        current.Remove("Layout");
        await versions.UpsertEntityAsync(current, Azure.Data.Tables.TableUpdateMode.Replace);
        var staged = platform.Get<StagedData>();
        var blob = (await platform.Get<SourceStates>().AllAsync())["annuaire"].StagedBlob;
        var rows = new List<System.Text.Json.Nodes.JsonObject>();
        await foreach (var row in staged.ReadAsync<System.Text.Json.Nodes.JsonObject>(blob, CancellationToken.None))
        {
            Assert.True(((System.Text.Json.Nodes.JsonObject)row["source"]!).Remove("sourceId"));
            rows.Add(row);
        }
        await staged.WriteAsync(blob, rows, CancellationToken.None);
        Assert.False((await platform.Get<DataVersions>().CurrentAsync())!.IsCurrentLayout);

        var again = await platform.Get<IngestionJobs>().RunAsync("annuaire");

        Assert.Equal(RunStatus.Skipped, again.Status);
        var republished = (await platform.Get<DataVersions>().CurrentAsync())!;
        Assert.NotEqual(old.Version, republished.Version);
        Assert.True(republished.IsCurrentLayout);
        var fermat = await platform.Get<SchoolStore>().GetAsync(republished.Version, "31", "0310036W");
        Assert.Equal("annuaire", fermat!.Source.SourceId);
        Assert.Equal("2024-11-26", fermat.Source.Date);
    }

    [Fact]
    public async Task The_raw_file_is_archived_under_its_hash_and_an_unchanged_file_skips_the_run()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        var first = await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var published = await platform.Get<DataVersions>().CurrentAsync();
        var second = await platform.Get<IngestionJobs>().RunAsync("annuaire");

        Assert.Equal(RunStatus.Succeeded, first.Status);
        Assert.Equal(RunStatus.Skipped, second.Status);
        Assert.Contains("contenu identique", second.Note);
        Assert.Equal(published!.Version, (await platform.Get<DataVersions>().CurrentAsync())!.Version);

        var expectedHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(TestData.AnnuairePath)));
        Assert.Equal(expectedHash, first.Hash);
        // Archived under the run's own start date (UTC), whatever the time the test reads it.
        Assert.EndsWith($"annuaire/{first.StartedAt.UtcDateTime:yyyy-MM-dd}/{expectedHash}", first.RawBlob);
        var raw = await platform.Get<ECartoStorage>().ContainerAsync(StorageNames.RawContainer);
        var properties = await raw.GetBlobClient(first.RawBlob![(raw.Name.Length + 1)..]).GetPropertiesAsync();
        Assert.Equal(new FileInfo(TestData.AnnuairePath).Length, properties.Value.ContentLength);

        var runs = await platform.RunsAsync("annuaire");
        Assert.Equal([RunStatus.Skipped, RunStatus.Succeeded], runs.Select(r => r.GetString("Status")));
    }

    [Fact]
    public async Task Downloads_use_conditional_requests_and_a_304_skips_the_run()
    {
        await using var server = await LoopbackSourceServer.StartAsync();
        server.Publish("annuaire.csv", TestData.AnnuairePath);
        await using var platform = new TestPlatform(azurite.ConnectionString, Location(server.Url("files/annuaire.csv")));

        var first = await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var second = await platform.Get<IngestionJobs>().RunAsync("annuaire");

        Assert.Equal(RunStatus.Succeeded, first.Status);
        Assert.Equal("2024-11-26", first.SourceDate); // from Last-Modified
        Assert.Equal(RunStatus.Skipped, second.Status);
        Assert.Contains("304", second.Note);
        Assert.Single(server.ConditionalRequests);
        Assert.Equal(6237, (await platform.PublishedSchoolsAsync()).Count);
    }

    [Theory]
    [InlineData("status/500", "500")]
    [InlineData("status/503", "503")]
    [InlineData("slow", "injoignable")]
    [InlineData("html", "HTML")]
    [InlineData("empty", "vide")]
    [InlineData("truncated/annuaire.csv", "interrompu")]
    [InlineData("stall/annuaire.csv", "bloqué")]
    public async Task A_failing_source_keeps_its_last_good_data_and_its_run_says_why(string path, string reason)
    {
        await using var server = await LoopbackSourceServer.StartAsync();
        server.Publish("annuaire.csv", TestData.AnnuairePath);
        await using var platform = new TestPlatform(azurite.ConnectionString, Location(server.Url("files/annuaire.csv")));
        await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var good = await platform.Get<DataVersions>().CurrentAsync();

        // The same storage, the source now misbehaving.
        await using var failing = new TestPlatform(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["Sources:annuaire:Location"] = server.Url(path),
            ["Storage:Prefix"] = platform.Prefix,
        }, deleteOnDispose: false);
        var error = await Assert.ThrowsAsync<IngestionFailedException>(() => failing.Get<IngestionJobs>().RunAsync("annuaire"));

        Assert.Contains(reason, error.Run.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(good!.Version, (await platform.Get<DataVersions>().CurrentAsync())!.Version);
        Assert.Equal(6237, (await platform.PublishedSchoolsAsync()).Count);
        var latest = (await platform.RunsAsync("annuaire"))[0];
        Assert.Equal(RunStatus.Failed, latest.GetString("Status"));
        Assert.Equal(error.Run.Error, latest.GetString("Error"));
        if (path.StartsWith("status/5", StringComparison.Ordinal)) Assert.True(server.Requests["/" + path] >= 2, "a server error is retried");
    }

    [Fact]
    public async Task A_file_that_is_not_the_annuaire_fails_without_touching_the_published_version()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"annuaire-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(broken, "colonne_a;colonne_b\n1;2\n");
        try
        {
            await using var platform = new TestPlatform(azurite.ConnectionString);
            await platform.Get<IngestionJobs>().RunAsync("annuaire");
            var good = await platform.Get<DataVersions>().CurrentAsync();
            await using var failing = new TestPlatform(azurite.ConnectionString, new Dictionary<string, string?>
            {
                ["Sources:annuaire:Location"] = broken,
                ["Storage:Prefix"] = platform.Prefix,
            }, deleteOnDispose: false);

            var error = await Assert.ThrowsAsync<IngestionFailedException>(() => failing.Get<IngestionJobs>().RunAsync("annuaire"));
            Assert.Contains("Identifiant_de_l_etablissement", error.Run.Error);
            Assert.Equal(good!.Version, (await platform.Get<DataVersions>().CurrentAsync())!.Version);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public async Task Rejected_lines_go_to_a_report_with_their_line_numbers()
    {
        var lines = File.ReadLines(TestData.AnnuairePath).Take(4).ToList();
        lines[2] = "BADUAI" + lines[2][8..];
        var file = Path.Combine(Path.GetTempPath(), $"annuaire-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(file, lines);
        try
        {
            await using var platform = new TestPlatform(azurite.ConnectionString, Location(file));
            var run = await platform.Get<IngestionJobs>().RunAsync("annuaire");

            Assert.Equal(3, run.Read);
            Assert.Equal(1, run.Rejected);
            Assert.Equal(2, run.Accepted);
            var container = await platform.Get<ECartoStorage>().ContainerAsync(StorageNames.RejectsContainer);
            var report = (await container.GetBlobClient(run.RejectReport![(container.Name.Length + 1)..]).DownloadContentAsync()).Value.Content.ToString();
            Assert.Contains("3;\"UAI « BADUAI", report);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_default_run_ingests_a_demonstration_inventory_flagged_as_such_for_every_school()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        var runs = await platform.Get<IngestionJobs>().RunAllAsync();

        var inventaire = runs.Single(r => r.Source == "inventaire");
        Assert.Equal(RunStatus.Succeeded, inventaire.Status);
        Assert.Equal(0, inventaire.Rejected);
        Assert.Equal("données de démonstration générées", inventaire.SourceLocation);
        var schools = await platform.PublishedSchoolsAsync();
        var withInventory = schools.Where(s => s.Inventory is not null).ToList();
        Assert.Equal(inventaire.Written, withInventory.Count);
        Assert.All(withInventory, s => Assert.True(s.Inventory!.IsDemonstration));
        Assert.All(schools.Where(s => s.Types.Contains("Collège")), s => Assert.NotNull(s.Inventory));
        Assert.Contains("Démonstration", withInventory[0].Inventory!.Source);

        // Generated again from the same annuaire, the file is identical: the next run is skipped.
        var again = await platform.Get<IngestionJobs>().RunAsync("inventaire");
        Assert.Equal(RunStatus.Skipped, again.Status);
    }

    [Fact]
    public async Task Publishing_keeps_the_served_and_previous_versions_and_removes_older_ones()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        var publisher = platform.Get<Publisher>();
        await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var first = (await platform.Get<DataVersions>().CurrentAsync())!.Version;
        var second = (await publisher.PublishAsync())!.Version;
        var third = (await publisher.PublishAsync())!.Version;

        var tables = await platform.Get<ECartoStorage>().ListTablesAsync(StorageNames.SchoolsTable);
        Assert.Equal([SchoolStore.TableFor(second), SchoolStore.TableFor(third)], tables.Order());
        Assert.DoesNotContain(SchoolStore.TableFor(first), tables);
        Assert.Equal(second, (await platform.Get<DataVersions>().PreviousAsync())!.Version);
        Assert.Equal([second, third], (await platform.Get<ECarto.Search.SearchSnapshots>().VersionsAsync()).Order());
    }

    [Fact]
    public async Task The_search_index_is_built_from_the_versions_snapshot_which_holds_what_its_table_holds()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        await platform.Get<IngestionJobs>().RunAsync("annuaire");
        var version = (await platform.Get<DataVersions>().CurrentAsync())!.Version;
        var snapshots = platform.Get<ECarto.Search.SearchSnapshots>();

        var snapshot = await snapshots.ReadAsync(version);
        var table = await platform.PublishedSchoolsAsync();

        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        string Json(IEnumerable<School> schools) => System.Text.Json.JsonSerializer.Serialize(schools.OrderBy(s => s.Uai, StringComparer.Ordinal), options);
        Assert.NotNull(snapshot);
        Assert.Equal(Json(table), Json(snapshot));
        var index = await platform.Get<ECarto.Search.SchoolIndexProvider>().GetAsync();
        Assert.Equal(table.Count, index.Count);

        // A version published before snapshots existed: the index falls back on its table.
        await snapshots.DeleteAsync(version);
        Assert.Null(await snapshots.ReadAsync(version));
        var fallback = new ECarto.Search.SchoolIndexProvider(platform.Get<SchoolStore>(), snapshots, platform.Get<DataVersions>(), new ECarto.Search.SearchOptions(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ECarto.Search.SchoolIndexProvider>.Instance);
        Assert.Equal(table.Count, (await fallback.GetAsync()).Count);
    }
}
