using ECarto.Functions.Ingestion;
using ECarto.Ingestion;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ECarto.Tests.Deployment;

/// <summary>What each ingestion run sends to Application Insights: its counts, and the failures in a row the alert reads.</summary>
[Collection(AzuriteCollection.Name)]
public class IngestionTelemetryTests(AzuriteFixture azurite)
{
    private sealed class CapturingLogger : ILogger<IngestionTelemetry>
    {
        public List<(LogLevel Level, EventId Event, Dictionary<string, object?> Values, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, eventId, ((IEnumerable<KeyValuePair<string, object?>>)state!).ToDictionary(p => p.Key, p => p.Value), formatter(state, exception)));
    }

    [Fact]
    public async Task A_timer_run_logs_its_counts_source_date_and_the_version_served()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        var logger = new CapturingLogger();
        var telemetry = new IngestionTelemetry(platform.Get<RunLog>(), platform.Get<DataVersions>(), logger);

        await new IngestionFunctions(platform.Get<IngestionJobs>(), telemetry).IngestAnnuaire(new TimerInfo(), CancellationToken.None);

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(IngestionTelemetry.RunEvent, entry.Event);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.StartsWith(IngestionTelemetry.MessageStart, entry.Message);
        var run = (await platform.RunsAsync("annuaire"))[0];
        Assert.Equal("annuaire", entry.Values["Source"]);
        Assert.Equal(RunStatus.Succeeded, entry.Values["Status"]);
        Assert.Equal(run.GetInt32("Read"), entry.Values["Read"]);
        Assert.Equal(run.GetInt32("Accepted"), entry.Values["Accepted"]);
        Assert.Equal(run.GetInt32("Rejected"), entry.Values["Rejected"]);
        Assert.True((int)entry.Values["Read"]! > 0);
        Assert.Equal((int)entry.Values["Read"]!, (int)entry.Values["Accepted"]! + (int)entry.Values["Rejected"]!);
        Assert.Equal("2024-11-26", entry.Values["SourceDate"]);
        Assert.Equal((await platform.Get<DataVersions>().CurrentAsync())!.Version, entry.Values["Version"]);
        Assert.True(entry.Values.ContainsKey("DurationSeconds"));
        Assert.Equal(0, entry.Values["ConsecutiveFailures"]);
    }

    [Fact]
    public async Task Two_failed_runs_in_a_row_are_logged_as_two_consecutive_failures()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["Sources:annuaire:Location"] = Path.Combine(Path.GetTempPath(), "absent-" + Guid.NewGuid().ToString("N") + ".csv"),
        });
        var logger = new CapturingLogger();
        var functions = new IngestionFunctions(platform.Get<IngestionJobs>(), new IngestionTelemetry(platform.Get<RunLog>(), platform.Get<DataVersions>(), logger));

        await Assert.ThrowsAsync<IngestionFailedException>(() => functions.IngestAnnuaire(new TimerInfo(), CancellationToken.None));
        await Assert.ThrowsAsync<IngestionFailedException>(() => functions.IngestAnnuaire(new TimerInfo(), CancellationToken.None));

        Assert.Equal([1, 2], logger.Entries.Select(e => (int)e.Values["ConsecutiveFailures"]!));
        Assert.All(logger.Entries, e => Assert.Equal(RunStatus.Failed, e.Values["Status"]));
        Assert.All(logger.Entries, e => Assert.Equal(LogLevel.Warning, e.Level));
    }
}
