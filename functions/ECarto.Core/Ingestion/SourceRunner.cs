using System.Text;
using ECarto.Sources;
using ECarto.Sources.Publishers;
using ECarto.Storage;
using Microsoft.Extensions.Logging;

namespace ECarto.Ingestion;

/// <summary>
/// One run of one source: resolve its current file through its publisher's API when it uses its
/// production location, fetch (conditional), skip when unchanged, archive the raw bytes to
/// <c>raw/{source}/{date}/{sha256}</c>, parse and validate every row, report the rejected ones, stage the
/// validated rows, and record the run. A file that accepts no row, or far fewer than the last good run
/// (<see cref="AcceptanceRules"/>), fails the run before anything is staged: the source keeps its last
/// good data. Publishing is separate: nothing here changes what the API serves.
/// </summary>
public sealed class SourceRunner(
    SourceLocations locations,
    SourcePublishers publishers,
    SourceFetcher fetcher,
    SourceStates states,
    StagedData staged,
    ECartoStorage storage,
    RunLog runs,
    AcceptanceRules rules,
    ILoggerFactory loggers)
{
    public async Task<IngestionRun> RunAsync(SourceParser parser, CancellationToken cancellationToken = default)
    {
        var source = parser.Source;
        var logger = loggers.CreateLogger($"ECarto.Ingestion.{source.Id}");
        var started = DateTimeOffset.UtcNow;
        var run = new IngestionRun
        {
            Source = source.Id, RunId = RunLog.NewRunId(started), StartedAt = started, Status = RunStatus.Running,
        };
        var interrupted = await runs.MarkInterruptedAsync(source.Id, cancellationToken);
        if (interrupted > 0) logger.LogWarning("{Source} : {Count} exécution(s) précédente(s) interrompue(s)", source.Id, interrupted);
        await runs.RecordAsync(run, cancellationToken);

        string? demonstration = null;
        try
        {
            // Inside the try: a source with no location, or demonstration data that cannot be made, is a failed run.
            var location = locations.Location(source);
            if (!locations.IsConfigured(source))
            {
                var path = Path.Combine(Path.GetTempPath(), $"ecarto-{source.Id}-demonstration-{Guid.NewGuid():N}.csv");
                if (await parser.WriteDemonstrationAsync(path, cancellationToken))
                {
                    demonstration = path;
                    location = path;
                }
                else
                {
                    File.Delete(path);
                }
            }
            ResolvedSource? resolved = null;
            if (demonstration is null && source.Publication is { } publication && locations.UsesProductionLocation(source))
            {
                resolved = await publishers.ResolveAsync(publication, cancellationToken);
                location = resolved.Url.AbsoluteUri;
                run = run with { ResolvedBy = $"API {resolved.Publisher} ({resolved.ApiUrl}) : {resolved.Description}", PublishedAt = resolved.Modified };
            }
            run = run with { SourceLocation = demonstration is not null ? "données de démonstration générées" : location };
            logger.LogInformation(demonstration is not null ? "{Source} : données de démonstration générées ({Location})" : "{Source} : lecture de {Location}", source.Id, location);
            return await RunAsync(parser, run, location, resolved, demonstration is not null, logger, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failed = run with { Status = RunStatus.Failed, EndedAt = DateTimeOffset.UtcNow, Error = error.Message };
            await runs.RecordAsync(failed, CancellationToken.None);
            logger.LogError(error, "{Source} : échec ({Reason}) ; la source garde ses dernières données valides", source.Id, error.Message);
            return failed;
        }
        finally
        {
            if (demonstration is not null) File.Delete(demonstration);
        }
    }

    private async Task<IngestionRun> RunAsync(SourceParser parser, IngestionRun run, string location, ResolvedSource? resolved, bool demonstration, ILogger logger, CancellationToken cancellationToken)
    {
        var source = parser.Source;
        var started = run.StartedAt;
        var previous = await states.GetAsync(source.Id, cancellationToken);
        if (resolved?.Modified is { } published && previous?.Location == location && previous.PublishedAt == published)
        {
            return await FinishAsync(run with { Status = RunStatus.Skipped, Note = $"ressource inchangée selon l'API {resolved.Publisher} (même adresse, datée du {published:yyyy-MM-dd})", Hash = previous.Hash }, logger, cancellationToken);
        }
        // The HTTP validators of another file (the publisher now designates a new one) must not answer for this one.
        var validators = previous?.Location is null || previous.Location == location ? previous : null;
        using var fetched = await FetchAsync(location, validators, resolved, cancellationToken);
        if (fetched is null)
        {
            return await FinishAsync(run with { Status = RunStatus.Skipped, Note = "non modifié depuis le dernier téléchargement (HTTP 304)", Hash = previous?.Hash }, logger, cancellationToken);
        }
        if (previous is not null && previous.Hash == fetched.Sha256)
        {
            // Keep the server's new validators, so that the next request can be answered 304 again.
            if (fetched.ETag != previous.ETag || fetched.LastModified != previous.LastModified || previous.Location != location || previous.PublishedAt != resolved?.Modified)
            {
                await states.SaveAsync(previous with { ETag = fetched.ETag, LastModified = fetched.LastModified, Location = location, PublishedAt = resolved?.Modified }, cancellationToken);
            }
            return await FinishAsync(run with { Status = RunStatus.Skipped, Note = $"contenu identique à l'exécution {previous.RunId} (sha256 {fetched.Sha256[..12]}…)", Hash = fetched.Sha256 }, logger, cancellationToken);
        }

        var sourceDate = SourceLocations.IsUrl(location)
            ? (resolved?.Modified ?? fetched.LastModified ?? started).ToString("yyyy-MM-dd")
            : demonstration ? "démonstration" : locations.SourceDate(source, location);
        var rawBlob = await ArchiveAsync(source.Id, started, fetched, cancellationToken);

        ParsedSource parsed;
        await using (var stream = new FileStream(fetched.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        {
            parsed = await parser.ParseAsync(stream, sourceDate, new IngestionProgress(logger, source.Id, "lecture"), cancellationToken);
        }
        var report = await WriteRejectReportAsync(source.Id, run.RunId, parsed.Rejected, cancellationToken);
        run = run with
        {
            Read = parsed.Read, Accepted = parsed.Accepted, Rejected = parsed.Rejected.Count,
            RejectReport = report, Hash = fetched.Sha256, RawBlob = rawBlob, SourceDate = sourceDate, Note = parsed.Note,
        };
        // Neither staged nor recorded as the source's state: the last good data stays the one published.
        if (rules.Refusal(source.Id, parsed.Read, parsed.Accepted, previous, fetched.Sha256) is { } refusal)
        {
            logger.LogError("{Source} : fichier refusé ({Reason})", source.Id, refusal);
            return await FinishAsync(run with { Status = RunStatus.Failed, Error = refusal }, logger, cancellationToken);
        }
        if (rules.AcceptedByOperator(source.Id, fetched.Sha256))
        {
            run = run with { Note = string.Join(" ; ", new[] { parsed.Note, $"fichier accepté par l'opérateur ({AcceptanceRules.AppSettingName(source.Id, "AcceptSha256")})" }.OfType<string>()) };
        }

        var stagedBlob = StagedData.BlobName(source.Id, fetched.Sha256);
        var stagedCount = await parsed.StageAsync(staged, stagedBlob, cancellationToken);
        await states.SaveAsync(new SourceState(source.Id, fetched.Sha256, fetched.ETag, fetched.LastModified, rawBlob, stagedBlob, sourceDate, run.RunId, stagedCount,
            location, resolved?.Modified, parsed.Accepted), cancellationToken);
        return await FinishAsync(run with { Status = RunStatus.Succeeded, Written = stagedCount }, logger, cancellationToken);
    }

    /// <summary>Fetches the file; a refusal of a resolved file says which publisher designated it.</summary>
    private async Task<FetchedSource?> FetchAsync(string location, SourceState? previous, ResolvedSource? resolved, CancellationToken cancellationToken)
    {
        try
        {
            return await fetcher.FetchAsync(location, previous, cancellationToken);
        }
        catch (SourceUnavailableException error) when (resolved is not null)
        {
            throw new SourceUnavailableException($"Fichier désigné par l'API {resolved.Publisher} ({resolved.Description}) : {error.Message}", error);
        }
    }

    private async Task<IngestionRun> FinishAsync(IngestionRun run, ILogger logger, CancellationToken cancellationToken)
    {
        run = run with { EndedAt = DateTimeOffset.UtcNow };
        await runs.RecordAsync(run, cancellationToken);
        if (run.Status == RunStatus.Skipped)
        {
            logger.LogInformation("{Source} : rien à ingérer, {Note}", run.Source, run.Note);
        }
        else
        {
            logger.LogInformation("{Source} : lues {Read}, acceptées {Accepted}, rejetées {Rejected}, enregistrements {Staged}, en {Seconds:F1} s",
                run.Source, run.Read, run.Accepted, run.Rejected, run.Written, run.DurationSeconds);
        }
        return run;
    }

    private async Task<string> ArchiveAsync(string source, DateTimeOffset started, FetchedSource fetched, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.RawContainer, cancellationToken);
        var name = $"{source}/{started:yyyy-MM-dd}/{fetched.Sha256}";
        var blob = container.GetBlobClient(name);
        if (!await blob.ExistsAsync(cancellationToken))
        {
            await using var stream = new FileStream(fetched.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await blob.UploadAsync(stream, overwrite: true, cancellationToken);
        }
        return $"{container.Name}/{name}";
    }

    private async Task<string?> WriteRejectReportAsync(string source, string runId, IReadOnlyList<RejectedRow> rejected, CancellationToken cancellationToken)
    {
        if (rejected.Count == 0) return null;
        var container = await storage.ContainerAsync(StorageNames.RejectsContainer, cancellationToken);
        var name = $"{source}/{runId}.csv";
        var text = new StringBuilder("ligne;motif\n");
        foreach (var row in rejected)
        {
            text.Append(row.Line).Append(";\"").Append(row.Reason.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\"\n");
        }
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(text.ToString()), overwrite: true, cancellationToken);
        return $"{container.Name}/{name}";
    }
}
