using System.Text;
using ECarto.Establishments;
using ECarto.Sources;
using ECarto.Sources.Annuaire;
using ECarto.Storage;
using Microsoft.Extensions.Logging;

namespace ECarto.Ingestion;

/// <summary>
/// One run of the annuaire: read and validate every line, merge lines into establishments, write them
/// in batch transactions, report rejected lines, record the run and publish the new data version.
/// </summary>
public sealed class AnnuaireIngestion(
    SourceLocations locations,
    SchoolStore schools,
    ECartoStorage storage,
    RunLog runs,
    DataVersions versions,
    ILogger<AnnuaireIngestion> logger)
{
    private static readonly SourceDefinition Source = SourceCatalog.Annuaire;

    public async Task<IngestionRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var started = DateTimeOffset.UtcNow;
        var runId = RunLog.NewRunId(started);
        var location = locations.Location(Source);
        var sourceDate = locations.SourceDate(Source, location);
        var run = new IngestionRun
        {
            Source = Source.Id, RunId = runId, StartedAt = started, Status = "running",
            SourceLocation = location, SourceDate = sourceDate,
        };
        await runs.RecordAsync(run, cancellationToken);
        logger.LogInformation("{Source} : lecture de {Location}", Source.Id, location);

        try
        {
            var attribution = new SourceAttribution(Source.Producer, Source.Dataset, sourceDate, Source.Licence);
            var merged = new AnnuaireSchools(attribution);
            var read = 0;
            var progress = new IngestionProgress(logger, Source.Id, "lecture");
            await using (var stream = await locations.OpenAsync(location, cancellationToken))
            using (var reader = await SourceText.OpenAsync(stream, cancellationToken))
            {
                await foreach (var row in AnnuaireReader.ReadAsync(reader, cancellationToken))
                {
                    read++;
                    if (row.Value is { } line) merged.Add(row.Line, line);
                    else merged.Reject(row.Line, row.Rejection!);
                    progress.Report(read);
                }
            }
            progress.Done(read);
            if (merged.SchoolCount == 0)
            {
                throw new SourceFormatException("Aucune ligne valide : le fichier est vide ou n'est pas l'annuaire.");
            }

            var writing = new IngestionProgress(logger, Source.Id, "écriture");
            var written = await schools.UpsertAsync(merged.Schools(), runId, cancellationToken);
            writing.Done(written);

            var report = await WriteRejectReportAsync(runId, merged.Rejected, cancellationToken);
            run = run with
            {
                Status = "succeeded", EndedAt = DateTimeOffset.UtcNow, Read = read,
                Accepted = merged.LinesAccepted, Rejected = merged.Rejected.Count, Written = written, RejectReport = report,
            };
            await runs.RecordAsync(run, cancellationToken);
            await versions.PublishAsync(new PublishedVersion(runId, DateTimeOffset.UtcNow, Source.Id), cancellationToken);
            logger.LogInformation(
                "{Source} : {Read} lignes lues, {Accepted} acceptées, {Rejected} rejetées, {Schools} établissements écrits en {Seconds:F1} s",
                Source.Id, read, run.Accepted, run.Rejected, written, run.DurationSeconds);
            return run;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            run = run with { Status = "failed", EndedAt = DateTimeOffset.UtcNow, Error = error.Message };
            await runs.RecordAsync(run, CancellationToken.None);
            logger.LogError(error, "{Source} : échec de l'ingestion, les données publiées restent celles d'avant", Source.Id);
            throw;
        }
    }

    private async Task<string?> WriteRejectReportAsync(string runId, IReadOnlyList<RejectedRow> rejected, CancellationToken cancellationToken)
    {
        if (rejected.Count == 0) return null;
        var container = await storage.ContainerAsync(StorageNames.RejectsContainer, cancellationToken);
        var name = $"{Source.Id}/{runId}.csv";
        var text = new StringBuilder("ligne;motif\n");
        foreach (var row in rejected)
        {
            text.Append(row.Line).Append(';').Append('"').Append(row.Reason.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\"\n");
        }
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(text.ToString()), overwrite: true, cancellationToken);
        return $"{container.Name}/{name}";
    }
}
