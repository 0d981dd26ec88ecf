using ECarto.Ingestion;
using Microsoft.Extensions.Logging;

namespace ECarto.Functions.Ingestion;

/// <summary>
/// One structured log per ingestion run, sent to Application Insights as a trace whose custom dimensions are
/// the run's counts: Source, Status, Read, Accepted, Rejected, DurationSeconds, SourceDate, Version (the
/// version served after the run) and ConsecutiveFailures (this run and the ones before it that failed),
/// which the alerts of infra/modules/alerts.bicep query. Read from the run log, so that it stays out of the
/// ingestion code.
/// </summary>
public sealed class IngestionTelemetry(RunLog runs, DataVersions versions, ILogger<IngestionTelemetry> logger)
{
    public static readonly EventId RunEvent = new(1400, "IngestionRun");

    /// <summary>The message every run trace starts with (the alerts filter on it).</summary>
    public const string MessageStart = "Exécution d'ingestion";

    /// <summary>Logs the latest recorded run of the source; returns how many runs in a row failed up to it.</summary>
    public async Task<int> TrackLatestAsync(string source, CancellationToken cancellationToken = default)
    {
        var recent = await runs.RecentAsync(source, 2, cancellationToken);
        if (recent.Count == 0) return 0;
        var run = recent[0];
        var consecutiveFailures = recent.TakeWhile(r => r.GetString("Status") == RunStatus.Failed).Count();
        var version = await versions.CurrentAsync(cancellationToken);
        logger.Log(
            run.GetString("Status") == RunStatus.Failed ? LogLevel.Warning : LogLevel.Information,
            RunEvent,
            MessageStart + " {Source} : {Status}, lues {Read}, acceptées {Accepted}, rejetées {Rejected}, {DurationSeconds} s, date de la source {SourceDate}, version servie {Version}, échecs consécutifs {ConsecutiveFailures}",
            source, run.GetString("Status"), run.GetInt32("Read") ?? 0, run.GetInt32("Accepted") ?? 0, run.GetInt32("Rejected") ?? 0,
            Math.Round(run.GetDouble("DurationSeconds") ?? 0, 1), run.GetString("SourceDate"), version?.Version, consecutiveFailures);
        return consecutiveFailures;
    }
}
