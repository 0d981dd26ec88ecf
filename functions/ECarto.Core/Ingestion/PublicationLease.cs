using Azure;
using Azure.Storage.Blobs.Specialized;
using ECarto.Storage;
using Microsoft.Extensions.Logging;

namespace ECarto.Ingestion;

/// <summary>
/// A blob lease held while a publication runs, so that two instances never publish at once. Renewed
/// while held; a process that dies loses it after <see cref="Duration"/>. A lease lost while publishing
/// (<see cref="Lost"/>, <see cref="EnsureHeldAsync"/>) aborts the publication: it never switches the served version.
/// </summary>
public sealed class PublicationLease : IAsyncDisposable
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(15);

    private readonly BlobLeaseClient _lease;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _renewal;

    private PublicationLease(BlobLeaseClient lease)
    {
        _lease = lease;
        _renewal = RenewAsync();
    }

    public static async Task<PublicationLease> AcquireAsync(ECartoStorage storage, ILogger logger, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.SnapshotsContainer, cancellationToken);
        var blob = container.GetBlobClient("locks/publication");
        if (!await blob.ExistsAsync(cancellationToken))
        {
            try
            {
                await blob.UploadAsync(BinaryData.FromString("verrou de publication"), overwrite: false, cancellationToken);
            }
            catch (RequestFailedException error) when (error.Status is 409 or 412)
            {
                // Created meanwhile by another instance, or leased already: fine either way.
            }
        }
        var lease = blob.GetBlobLeaseClient();
        var deadline = DateTimeOffset.UtcNow + Wait;
        var waited = false;
        while (true)
        {
            try
            {
                await lease.AcquireAsync(Duration, cancellationToken: cancellationToken);
                return new PublicationLease(lease);
            }
            catch (RequestFailedException error) when (error.Status == 409 && DateTimeOffset.UtcNow < deadline)
            {
                if (!waited) logger.LogInformation("Une autre publication est en cours : attente de sa fin");
                waited = true;
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }

    /// <summary>Cancelled when a renewal fails: the lease may be another publisher's now.</summary>
    public CancellationToken Lost => _lost.Token;

    private async Task RenewAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(Duration / 3, _stop.Token);
                await _lease.RenewAsync(cancellationToken: _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (RequestFailedException)
        {
            // Lost (broken, expired, or storage unreachable too long): the publication must stop.
            await _lost.CancelAsync();
        }
    }

    /// <summary>
    /// Renews the lease now, right before a write that only the holder may make; throws
    /// <see cref="PublicationLeaseLostException"/> when it is no longer held.
    /// </summary>
    public async Task EnsureHeldAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_lost.IsCancellationRequested) throw new RequestFailedException(409, "lease lost during renewal");
            await _lease.RenewAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException error)
        {
            await _lost.CancelAsync();
            throw new PublicationLeaseLostException(error);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
        try
        {
            await _lease.ReleaseAsync();
        }
        catch (RequestFailedException)
        {
            // Already lost (expired): nothing to release.
        }
        _stop.Dispose();
        _lost.Dispose();
    }
}

/// <summary>The publication lease was lost (another publisher may hold it): the publication is abandoned before its switch.</summary>
public sealed class PublicationLeaseLostException(Exception inner)
    : Exception("Bail de publication perdu (une autre publication a pu le prendre) : publication abandonnée avant la bascule, la version servie n'a pas changé.", inner);
