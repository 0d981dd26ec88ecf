using ECarto.Functions.Ingestion;
using ECarto.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ECarto.Functions.Startup;

/// <summary>
/// At each start of a function app instance, in the background (the host serves meanwhile, the API
/// answering « Données en cours de chargement »): the first publication when nothing is served yet
/// (<see cref="FirstPublication"/>, guarded by its lease so that a scale-out ingests once). The timers keep
/// <c>RunOnStartup = false</c>: once data is published, a start ingests nothing. The app setting
/// <c>ECARTO_FIRST_PUBLICATION=false</c> turns it off.
/// </summary>
public sealed class FirstPublicationService(FirstPublication firstPublication, IngestionJobs jobs, IngestionTelemetry telemetry, IConfiguration configuration, ILogger<FirstPublicationService> logger) : BackgroundService
{
    public const string EnabledSetting = "ECARTO_FIRST_PUBLICATION";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue(EnabledSetting, true))
        {
            logger.LogInformation("Première publication désactivée ({Setting}=false)", EnabledSetting);
            return;
        }
        try
        {
            var outcome = await firstPublication.RunAsync(stoppingToken);
            logger.LogInformation("Première publication au démarrage : {Outcome}", outcome);
            if (outcome == FirstPublicationOutcome.Published)
            {
                foreach (var job in jobs.All) await telemetry.TrackLatestAsync(job.Source.Id, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Instance arrêtée pendant la première publication : le prochain démarrage la reprendra");
        }
        catch (Exception error)
        {
            // Never take the host down: the API keeps answering, and the next start or timer retries.
            logger.LogError(error, "La première publication a échoué");
        }
    }
}
