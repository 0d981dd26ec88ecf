using ECarto.Ingestion;
using NCrontab;

namespace ECarto.LocalHost;

/// <summary>
/// Runs each ingestion job on the NCRONTAB schedule its timer Function reads from the same setting.
/// Scheduling only: what a run does is the job's, shared with the Functions.
/// </summary>
public sealed class IngestionScheduler(IngestionJobs jobs, IConfiguration configuration, ILogger<IngestionScheduler> logger) : BackgroundService
{
    /// <summary>Parses a Functions timer schedule (six fields, seconds first).</summary>
    public static CrontabSchedule ParseSchedule(string expression) =>
        CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.All.Select(job => RunOnScheduleAsync(job, stoppingToken)));

    private async Task RunOnScheduleAsync(IngestionJob job, CancellationToken stoppingToken)
    {
        var setting = job.Source.ScheduleSetting;
        var expression = configuration[setting];
        if (string.IsNullOrWhiteSpace(expression))
        {
            logger.LogWarning("{Source} : pas de planification ({Setting} absent), la source ne sera pas rafraîchie", job.Source.Id, setting);
            return;
        }
        var schedule = ParseSchedule(expression);
        while (!stoppingToken.IsCancellationRequested)
        {
            // UTC, as the Functions host reads NCRONTAB schedules.
            var next = schedule.GetNextOccurrence(DateTime.UtcNow);
            logger.LogInformation("{Source} : prochaine ingestion le {Next:yyyy-MM-dd HH:mm:ss} UTC ({Setting} = « {Expression} »)", job.Source.Id, next, setting, expression);
            try
            {
                // In steps: Task.Delay takes at most ~49 days, and a monthly schedule may wait longer after a restart.
                while (next - DateTime.UtcNow is var wait && wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait < TimeSpan.FromDays(1) ? wait : TimeSpan.FromDays(1), stoppingToken);
                }
                await jobs.RunAsync(job.Source.Id, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // The run is recorded as failed and the published data stays as it was; try again next time.
                logger.LogError(error, "{Source} : ingestion planifiée en échec", job.Source.Id);
            }
        }
    }
}
