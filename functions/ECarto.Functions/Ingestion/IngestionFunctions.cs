using ECarto.Ingestion;
using ECarto.Sources;
using ECarto.Sources.Arcep;
using ECarto.Sources.Cog;
using ECarto.Sources.Colleges;
using ECarto.Sources.Effectifs;
using ECarto.Sources.Inventaire;
using ECarto.Sources.Ips;
using Microsoft.Azure.Functions.Worker;

namespace ECarto.Functions.Ingestion;

/// <summary>
/// One timer per source. Schedules come from app settings (NCRONTAB); run-on-startup stays off so that a
/// scale-out or a restart never re-ingests by itself. Each run's counts go to Application Insights
/// (<see cref="IngestionTelemetry"/>; the function app registers it, in-process tests may leave it out).
/// </summary>
public sealed class IngestionFunctions(IngestionJobs jobs, IngestionTelemetry? telemetry = null)
{
    [Function("IngestAnnuaire")]
    public Task IngestAnnuaire(
        [TimerTrigger("%" + SourceCatalog.AnnuaireScheduleSetting + "%", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken)
        => RunAsync(SourceCatalog.Annuaire.Id, cancellationToken);

    [Function("IngestCog")]
    public Task IngestCog(
        [TimerTrigger("%" + CogSource.ScheduleSetting + "%", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken)
        => RunAsync(CogSource.Definition.Id, cancellationToken);

    [Function("IngestColleges")]
    public Task IngestColleges(
        [TimerTrigger("%" + CollegesSource.ScheduleSetting + "%", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken)
        => RunAsync(CollegesSource.Definition.Id, cancellationToken);

    [Function("IngestEffectifs")]
    public Task IngestEffectifs(
        [TimerTrigger("%" + EffectifsSource.ScheduleSetting + "%", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken)
        => RunAsync(EffectifsSource.Definition.Id, cancellationToken);

    [Function("IngestIps")]
    public Task IngestIps(
        [TimerTrigger("%" + IpsSource.ScheduleSetting + "%", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken)
        => RunAsync(IpsSource.Definition.Id, cancellationToken);

    [Function("IngestInventaire")]
    public Task IngestInventaire(
        [TimerTrigger("%" + InventaireSource.ScheduleSetting + "%", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken)
        => RunAsync(InventaireSource.Definition.Id, cancellationToken);

    [Function("IngestArcepFixe")]
    public Task IngestArcepFixe(
        [TimerTrigger("%" + ArcepFixeSource.ScheduleSetting + "%", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken)
        => RunAsync(ArcepFixeSource.Definition.Id, cancellationToken);

    [Function("IngestArcepThd")]
    public Task IngestArcepThd(
        [TimerTrigger("%" + ArcepThdSource.ScheduleSetting + "%", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken)
        => RunAsync(ArcepThdSource.Definition.Id, cancellationToken);

    [Function("IngestArcepMobile")]
    public Task IngestArcepMobile(
        [TimerTrigger("%" + ArcepMobileSource.ScheduleSetting + "%", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken)
        => RunAsync(ArcepMobileSource.Definition.Id, cancellationToken);

    /// <summary>Runs the source (then publishes if needed), and logs the run's counts whatever its outcome.</summary>
    private async Task RunAsync(string source, CancellationToken cancellationToken)
    {
        try
        {
            await jobs.RunAsync(source, cancellationToken);
        }
        finally
        {
            if (telemetry is not null) await telemetry.TrackLatestAsync(source, CancellationToken.None);
        }
    }
}
