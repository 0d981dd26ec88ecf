using ECarto.Ingestion;
using ECarto.Sources;
using ECarto.Sources.Inventaire;
using Microsoft.Azure.Functions.Worker;

namespace ECarto.Functions.Ingestion;

/// <summary>
/// One timer per source. Schedules come from app settings (NCRONTAB); run-on-startup stays off so that a
/// scale-out or a restart never re-ingests by itself.
/// </summary>
public sealed class IngestionFunctions(IngestionJobs jobs)
{
    [Function("IngestAnnuaire")]
    public Task IngestAnnuaire(
        [TimerTrigger("%" + SourceCatalog.AnnuaireScheduleSetting + "%", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken)
        => jobs.RunAsync(SourceCatalog.Annuaire.Id, cancellationToken);

    [Function("IngestInventaire")]
    public Task IngestInventaire(
        [TimerTrigger("%" + InventaireSource.ScheduleSetting + "%", RunOnStartup = false)] TimerInfo timer,
        CancellationToken cancellationToken)
        => jobs.RunAsync(InventaireSource.Definition.Id, cancellationToken);
}
