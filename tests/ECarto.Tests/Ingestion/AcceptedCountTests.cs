using ECarto.Ingestion;
using ECarto.Sources.Arcep;
using ECarto.Sources.Ips;
using ECarto.Storage;

namespace ECarto.Tests.Ingestion;

/// <summary>
/// What a run says it read, accepted and rejected, checked against what it left: the rows read back from
/// its staged data, the lines of its reject report, the lines of the raw file. Real files with real rejects.
/// </summary>
[Collection(AzuriteCollection.Name)]
public class AcceptedCountTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_counts_of_an_arcep_mobile_run_match_its_staged_rows_its_reject_report_and_its_file()
    {
        // The real file ends with a site without coordinates (« #N/A »): one real reject.
        await CheckCountsAsync(ArcepMobileSource.Definition.Id, Path.Combine(TestData.Root, "data", ArcepMobileSource.Definition.SampleFile));
    }

    [Fact]
    public async Task The_counts_of_an_ips_run_match_its_staged_rows_its_reject_report_and_its_file()
    {
        // The real file, with the IPS of every tenth collège « N.C. », as a publisher writes a secret figure.
        var lines = await File.ReadAllLinesAsync(Path.Combine(TestData.Root, "data", IpsSource.Definition.SampleFile));
        var file = Path.Combine(Path.GetTempPath(), $"ips-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(file, lines.Select((line, i) =>
        {
            if (i == 0 || i % 10 != 0) return line;
            var fields = line.Split(';');
            fields[2] = "N.C.";
            return string.Join(';', fields);
        }));
        try
        {
            await CheckCountsAsync(IpsSource.Definition.Id, file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task CheckCountsAsync(string source, string path)
    {
        await using var platform = new TestPlatform(azurite.ConnectionString, new Dictionary<string, string?> { [$"Sources:{source}:Location"] = path });
        var run = await platform.Get<IngestionJobs>().RunAsync(source);
        Assert.Equal(RunStatus.Succeeded, run.Status);

        // Read: the file's data lines (these files have no quoted line breaks), counted here.
        var lines = File.ReadAllLines(path).Skip(1).Count(l => l.Length > 0);
        Assert.Equal(lines, run.Read);

        // Accepted: the rows staged for publication, read back from storage.
        var state = (await platform.Get<SourceStates>().GetAsync(source))!;
        var staged = 0;
        await foreach (var _ in platform.Get<StagedData>().ReadAsync<System.Text.Json.Nodes.JsonObject>(state.StagedBlob, CancellationToken.None)) staged++;
        Assert.Equal(staged, run.Accepted);
        Assert.Equal(staged, state.Accepted);

        // Rejected: the lines of the reject report (there are some in these real files).
        var container = await platform.Get<ECartoStorage>().ContainerAsync(StorageNames.RejectsContainer);
        var report = (await container.GetBlobClient(run.RejectReport![(container.Name.Length + 1)..]).DownloadContentAsync()).Value.Content.ToString();
        var reported = report.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        Assert.True(reported > 0);
        Assert.Equal(reported, run.Rejected);
        Assert.Equal(lines, staged + reported);
    }
}
