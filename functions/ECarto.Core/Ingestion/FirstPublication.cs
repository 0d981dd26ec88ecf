using Azure;
using Azure.Storage.Blobs.Specialized;
using ECarto.Storage;
using Microsoft.Extensions.Logging;

namespace ECarto.Ingestion;

/// <summary>What a start of the function app (or of the local host) did about the first publication.</summary>
public enum FirstPublicationOutcome
{
    /// <summary>The served version already covers every source with the current layout: nothing ran.</summary>
    AlreadyPublished,

    /// <summary>Every source was ingested and a version published by this start.</summary>
    Published,

    /// <summary>Another instance holds the start lease and is ingesting: this start did nothing.</summary>
    RunningElsewhere,
}

/// <summary>
/// The first publication of a fresh deployment, by itself: at every start of an instance, when the served
/// version lacks a source (nothing published yet, a source added since) or has an older layout, every
/// source is ingested and a version published (<see cref="IngestionJobs.EnsureDataAsync"/>, the same call
/// the local host makes). A blob lease next to the publication lock (<c>snapshots/locks/first-publication</c>)
/// makes it happen once when several instances start together: the one that takes the lease ingests,
/// the others see it taken and stop. The publication lock itself cannot be held here, since the
/// publication at the end of the ingestion takes it. A holder that dies loses the lease after
/// <see cref="LeaseDuration"/>; the next start (or the sources' timers) then finishes the work.
/// </summary>
public sealed class FirstPublication(IngestionJobs jobs, ECartoStorage storage, ILogger<FirstPublication> logger)
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);

    public const string LeaseBlob = "locks/first-publication";

    public async Task<FirstPublicationOutcome> RunAsync(CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(StorageNames.SnapshotsContainer, cancellationToken);
        var blob = container.GetBlobClient(LeaseBlob);
        try
        {
            await blob.UploadAsync(BinaryData.FromString("verrou de première publication"), overwrite: false, cancellationToken);
        }
        catch (RequestFailedException error) when (error.Status is 409 or 412)
        {
            // Exists already (or is leased right now): fine either way.
        }
        var lease = blob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException error) when (error.Status == 409)
        {
            logger.LogInformation("Première publication : une autre instance ingère déjà les sources ; rien à faire ici");
            return FirstPublicationOutcome.RunningElsewhere;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewAsync(lease, stop.Token);
        try
        {
            // Checked under the lease: an instance that held it just before may have published already.
            if (!await jobs.EnsureDataAsync(cancellationToken)) return FirstPublicationOutcome.AlreadyPublished;
            logger.LogInformation("Première publication : toutes les sources ont été ingérées et une version publiée");
            return FirstPublicationOutcome.Published;
        }
        finally
        {
            await stop.CancelAsync();
            await renewal;
            try
            {
                await lease.ReleaseAsync(cancellationToken: CancellationToken.None);
            }
            catch (RequestFailedException)
            {
                // Lost already (expired): nothing to release.
            }
        }
    }

    private static async Task RenewAsync(BlobLeaseClient lease, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(LeaseDuration / 3, cancellationToken);
                await lease.RenewAsync(cancellationToken: cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (RequestFailedException)
        {
            // Lost (storage unreachable too long): the ingestion goes on; its publication has its own lock.
        }
    }
}
