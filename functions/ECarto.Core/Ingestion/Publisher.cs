using ECarto.Establishments;
using ECarto.Exports;
using ECarto.Search;
using ECarto.Sources;
using ECarto.Territories;
using ECarto.Storage;
using Microsoft.Extensions.Logging;

namespace ECarto.Ingestion;

/// <summary>
/// Composes the staged rows of every source into a new data version (its own tables), then switches the
/// served version in one write. Until that write the API serves the previous version, whatever happens
/// to this process; tables of unfinished versions are removed by the next publish.
/// </summary>
public sealed class Publisher(
    SourceStates states,
    Composition composition,
    SchoolStore schools,
    TerritoryStore territories,
    DataVersions versions,
    SearchSnapshots snapshots,
    ExportCache exports,
    ECartoStorage storage,
    RunLog runs,
    PublicationFaults faults,
    ILogger<Publisher> logger)
{
    /// <summary>Publications are recorded in the <c>runs</c> table under this name, like a source's runs.</summary>
    public const string RunName = "publication";


    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    private static readonly string[] VersionedTables = [StorageNames.SchoolsTable, StorageNames.TerritoriesTable];

    /// <summary>
    /// Publishes when a source has newer staged data than the served version, or when the served version's
    /// tables have an older layout; returns the version served after.
    /// </summary>
    public Task<PublishedVersion?> PublishIfStaleAsync(CancellationToken cancellationToken = default) => PublishAsync(onlyIfStale: true, cancellationToken);

    public Task<PublishedVersion?> PublishAsync(CancellationToken cancellationToken = default) => PublishAsync(onlyIfStale: false, cancellationToken);

    private async Task<PublishedVersion?> PublishAsync(bool onlyIfStale, CancellationToken cancellationToken)
    {
        await OneAtATime.WaitAsync(cancellationToken);
        PublicationLease? lease = null;
        try
        {
            // One publication at a time across instances too (timers of several sources may fire together).
            lease = await PublicationLease.AcquireAsync(storage, logger, cancellationToken);
            var sources = await states.AllAsync(cancellationToken);
            var served = await versions.ServedAsync(cancellationToken);
            var current = served.Current;
            // Checked under the lock: another publication may just have served these very runs.
            if (onlyIfStale && current is not null && current.IsCurrentLayout && sources.All(s => current.Sources.TryGetValue(s.Key, out var run) && run == s.Value.RunId))
            {
                return current;
            }
            if (served.Pinned)
            {
                // A lasting rollback: the runs keep ingesting and staging their sources, nothing is switched
                // until the operator unpins (then the next run publishes what is staged).
                logger.LogWarning("Publication différée : la version servie {Version} est épinglée", current?.Version);
                return current;
            }
            if (!sources.ContainsKey(SourceCatalog.Annuaire.Id))
            {
                logger.LogWarning("Publication impossible : l'annuaire n'a encore jamais été ingéré");
                return current;
            }
            var started = DateTimeOffset.UtcNow;
            var version = PublishedVersion.NewId(started);
            await runs.MarkInterruptedAsync(RunName, cancellationToken);
            var run = new IngestionRun { Source = RunName, RunId = RunLog.NewRunId(started), StartedAt = started, Status = RunStatus.Running, Note = version };
            await runs.RecordAsync(run, cancellationToken);
            logger.LogInformation("Publication de la version {Version} : {Sources}", version, string.Join(", ", sources.Keys));

            // A lost lease stops the publication wherever it is: another publisher may hold it now.
            using var publishing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
            try
            {
                var progress = new IngestionProgress(logger, RunName, "écriture des établissements et des territoires");
                var composed = await composition.ComposeAsync(sources, publishing.Token);
                // Both tables and the search snapshot at once: the storage, not this process, is the
                // bottleneck (see the benchmark).
                var schoolsWritten = schools.UpsertAsync(composed.Schools, version, publishing.Token);
                var territoriesWritten = territories.UpsertAsync(composed.Territories, version, publishing.Token);
                await Task.WhenAll(schoolsWritten, territoriesWritten, snapshots.WriteAsync(version, composed.Schools, publishing.Token));
                var written = await schoolsWritten + await territoriesWritten;
                progress.Done(written);

                var published = new PublishedVersion(version, DateTimeOffset.UtcNow, sources.ToDictionary(s => s.Key, s => s.Value.RunId));
                await faults.HoldBeforeSwitchAsync(version, publishing.Token);
                // Still the holder right before the switch, and the switch conditioned on the row read under the lease.
                await lease.EnsureHeldAsync(publishing.Token);
                await versions.PublishAsync(published, served, publishing.Token);
                await runs.RecordAsync(run with { Status = RunStatus.Succeeded, EndedAt = DateTimeOffset.UtcNow, Written = written }, cancellationToken);
                logger.LogInformation("Version {Version} publiée : {Schools} établissements et {Territories} territoires, en {Seconds:F1} s", version, composed.Schools.Count, composed.Territories.Count, (DateTimeOffset.UtcNow - started).TotalSeconds);
            }
            catch (Exception caught)
            {
                var error = caught is OperationCanceledException && lease.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                    ? new PublicationLeaseLostException(caught) : caught;
                var stopped = error is OperationCanceledException && cancellationToken.IsCancellationRequested;
                await runs.RecordAsync(run with
                {
                    Status = stopped ? RunStatus.Interrupted : RunStatus.Failed,
                    EndedAt = DateTimeOffset.UtcNow,
                    Error = stopped ? "publication arrêtée avant la fin ; la version servie n'a pas changé" : error.Message,
                }, CancellationToken.None);
                logger.LogError("Publication de la version {Version} abandonnée : {Reason}", version, error.Message);
                if (error == caught) throw;
                throw error;
            }
            await RemoveUnservedVersionsAsync(cancellationToken);
            return await versions.CurrentAsync(cancellationToken);
        }
        finally
        {
            if (lease is not null) await lease.DisposeAsync();
            OneAtATime.Release();
        }
    }

    /// <summary>
    /// Keeps the served version and the previous one (a reader may still be on it); removes the tables and
    /// search snapshots and export files of older ones and the leftovers of versions that were never published. Runs under the publication lease, so no other
    /// publication is writing a version meanwhile.
    /// </summary>
    public async Task<IReadOnlyList<string>> RemoveUnservedVersionsAsync(CancellationToken cancellationToken = default)
    {
        var served = await versions.ServedAsync(cancellationToken);
        var current = served.Current?.Version;
        var previous = served.Previous?.Version;
        var removed = new List<string>();
        foreach (var prefix in VersionedTables)
        {
            foreach (var table in await storage.ListTablesAsync(prefix, cancellationToken))
            {
                var version = table[prefix.Length..];
                if (version == current || version == previous || !version.StartsWith('v')) continue;
                await storage.DeleteTableAsync(table, cancellationToken);
                removed.Add(table);
            }
        }
        foreach (var version in await snapshots.VersionsAsync(cancellationToken))
        {
            if (version == current || version == previous) continue;
            await snapshots.DeleteAsync(version, cancellationToken);
            removed.Add(StorageNames.SnapshotsContainer + "/" + SearchSnapshots.BlobName(version));
        }
        // The PDF and Excel files made for a version go with it.
        foreach (var version in await exports.RemoveVersionsExceptAsync([current, previous], cancellationToken))
        {
            removed.Add(StorageNames.ExportsContainer + "/" + version + "/");
        }
        if (removed.Count > 0) logger.LogInformation("Tables et instantanés de versions retirés : {Removed}", string.Join(", ", removed));
        return removed;
    }

}
