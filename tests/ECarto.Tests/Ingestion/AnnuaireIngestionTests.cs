using ECarto.Establishments;
using ECarto.Ingestion;
using ECarto.Storage;
using Azure.Data.Tables;

namespace ECarto.Tests.Ingestion;

/// <summary>The real Occitanie annuaire ingested into a real Azurite, read back from storage.</summary>
[Collection(AzuriteCollection.Name)]
public class AnnuaireIngestionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Counts_per_academie_and_type_read_back_from_storage_equal_the_raw_file()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        var run = await platform.Get<AnnuaireIngestion>().RunAsync();

        var stored = new List<School>();
        await foreach (var school in platform.Get<SchoolStore>().ReadAllAsync()) stored.Add(school);
        var expected = TestData.DistinctUaiByAcademieAndType();

        Assert.Equal(361, expected[("Toulouse", "Collège")]);
        Assert.Equal(242, expected[("Montpellier", "Lycée")]);
        foreach (var ((academie, type), count) in expected)
        {
            Assert.Equal(count, stored.Count(s => s.AcademieName == academie && s.Types.Contains(type)));
        }
        var (_, rows) = TestData.AnnuaireRaw();
        Assert.Equal(rows.Select(r => r[0]).Distinct().Count(), stored.Count);
        Assert.Equal(stored.Count, run.Written);
        Assert.Equal(run.Read, run.Accepted + run.Rejected);
        Assert.Equal(rows.Count, run.Read);
    }

    [Fact]
    public async Task A_school_is_stored_under_its_departement_with_its_source()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        await platform.Get<AnnuaireIngestion>().RunAsync();

        var fermat = await platform.Get<SchoolStore>().GetAsync("31", "0310036W");
        Assert.NotNull(fermat);
        Assert.Equal("Toulouse", fermat.CommuneName);
        Assert.Equal("Occitanie", fermat.RegionName);
        Assert.Equal("2024-11-26", fermat.Source.Date);
        Assert.Contains("Licence Ouverte", fermat.Source.Text);
    }

    [Fact]
    public async Task A_run_is_recorded_and_publishes_a_version_and_a_rerun_is_idempotent()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        var first = await platform.Get<AnnuaireIngestion>().RunAsync();
        var second = await platform.Get<AnnuaireIngestion>().RunAsync();

        var runs = await platform.Get<ECartoStorage>().TableAsync(StorageNames.RunsTable);
        var recorded = runs.Query<TableEntity>(e => e.PartitionKey == "annuaire").ToList();
        Assert.Equal(2, recorded.Count);
        Assert.All(recorded, r => Assert.Equal("succeeded", r.GetString("Status")));
        Assert.Equal(second.RunId, recorded[0].RowKey); // newest first

        var version = await platform.Get<DataVersions>().CurrentAsync();
        Assert.Equal(second.RunId, version!.Version);

        var schools = await platform.Get<ECartoStorage>().TableAsync(StorageNames.SchoolsTable);
        Assert.Equal(first.Written, schools.Query<TableEntity>(select: ["RowKey"]).Count());
    }

    [Fact]
    public async Task A_source_that_cannot_be_read_fails_its_run_and_leaves_the_published_version()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"annuaire-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(broken, "<html><body>Service indisponible</body></html>");
        try
        {
            await using var platform = new TestPlatform(azurite.ConnectionString);
            var good = await platform.Get<AnnuaireIngestion>().RunAsync();

            // Same storage prefix as the first platform: the failed run must not touch its published data.
            var sameStorage = new TestPlatform(azurite.ConnectionString, new Dictionary<string, string?>
            {
                ["Sources:annuaire:Location"] = broken,
                ["Storage:Prefix"] = platform.Prefix,
            });
            await Assert.ThrowsAnyAsync<Exception>(() => sameStorage.Get<AnnuaireIngestion>().RunAsync());
            await sameStorage.Services.DisposeAsync();

            var version = await platform.Get<DataVersions>().CurrentAsync();
            Assert.Equal(good.RunId, version!.Version);
            var runs = await platform.Get<ECartoStorage>().TableAsync(StorageNames.RunsTable);
            var failed = runs.Query<TableEntity>(e => e.PartitionKey == "annuaire").First();
            Assert.Equal("failed", failed.GetString("Status"));
            Assert.False(string.IsNullOrEmpty(failed.GetString("Error")));
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
            await using var platform = new TestPlatform(azurite.ConnectionString, new Dictionary<string, string?> { ["Sources:annuaire:Location"] = file });
            var run = await platform.Get<AnnuaireIngestion>().RunAsync();

            Assert.Equal(3, run.Read);
            Assert.Equal(1, run.Rejected);
            Assert.Equal(2, run.Accepted);
            var container = await platform.Get<ECartoStorage>().ContainerAsync(StorageNames.RejectsContainer);
            var blobName = run.RejectReport![(container.Name.Length + 1)..];
            var report = (await container.GetBlobClient(blobName).DownloadContentAsync()).Value.Content.ToString();
            Assert.Contains("3;\"UAI « BADUAI", report);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
