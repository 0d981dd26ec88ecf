using ECarto.Ingestion;
using ECarto.Storage;

namespace ECarto.Tests.Sources;

/// <summary>A 2023 annuaire through a whole run on a real Azurite: the run record and the rejects report name the multi-site column.</summary>
[Collection(AzuriteCollection.Name)]
public class VintageIngestionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_run_note_and_the_rejects_report_name_the_multi_site_column_of_a_2023_annuaire()
    {
        // The real 2023 lines, then the collège Moka (not multi-site) again at another address.
        var lines = File.ReadAllLines(VintageReaderTests.Vintage("annuaire_2023-06_ille-et-vilaine.csv")).ToList();
        var moka = lines.First(l => l.StartsWith("0350785N;", StringComparison.Ordinal));
        lines.Add(moka.Replace("4 avenue Aristide Briand", "Autre adresse", StringComparison.Ordinal));
        var file = Path.Combine(Path.GetTempPath(), $"annuaire-2023-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(file, lines);
        try
        {
            await using var platform = new TestPlatform(azurite.ConnectionString, new Dictionary<string, string?> { ["Sources:annuaire:Location"] = file });
            var run = await platform.Get<IngestionJobs>().RunAsync("annuaire");

            Assert.Equal(RunStatus.Succeeded, run.Status);
            Assert.Equal((6, 5, 1), (run.Read, run.Accepted, run.Rejected));
            var recorded = Assert.Single(await platform.Get<RunLog>().RecentAsync("annuaire", 10));
            Assert.Equal("3 lignes multi-sites (colonne etablissement_multi_lignes)", recorded.GetString("Note"));

            var container = await platform.Get<ECartoStorage>().ContainerAsync(StorageNames.RejectsContainer);
            var report = (await container.GetBlobClient(run.RejectReport![(container.Name.Length + 1)..]).DownloadContentAsync()).Value.Content.ToString();
            Assert.Contains("7;\"0350785N : UAI déjà lu ligne 3, aucune de ses lignes n'est marquée multi-sites (colonne etablissement_multi_lignes à 0)\"", report);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
