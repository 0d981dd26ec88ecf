using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace ECarto.Storage;

/// <summary>
/// The tables and containers of the platform, created on first use. Built from a connection string
/// (Azurite locally) or from service URIs with <see cref="DefaultAzureCredential"/> (Azure).
/// </summary>
public sealed class ECartoStorage
{
    private readonly TableServiceClient _tables;
    private readonly BlobServiceClient _blobs;
    private readonly string _prefix;
    private readonly ConcurrentDictionary<string, bool> _created = new();
    private readonly SemaphoreSlim _createLock = new(1, 1);

    public ECartoStorage(StorageOptions options)
    {
        _prefix = options.Prefix;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            _tables = new TableServiceClient(options.ConnectionString, options.TableClientOptions);
            _blobs = new BlobServiceClient(options.ConnectionString, options.BlobClientOptions);
        }
        else if (options.TableServiceUri is not null && options.BlobServiceUri is not null)
        {
            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = options.ManagedIdentityClientId,
            });
            _tables = new TableServiceClient(options.TableServiceUri, credential, options.TableClientOptions);
            _blobs = new BlobServiceClient(options.BlobServiceUri, credential, options.BlobClientOptions);
        }
        else
        {
            throw new InvalidOperationException(
                "Stockage non configuré : donnez Storage:ConnectionString (Azurite) ou " +
                "AzureWebJobsStorage:tableServiceUri et AzureWebJobsStorage:blobServiceUri (identité managée).");
        }
    }

    public string TableName(string name) => _prefix + name;

    public string ContainerName(string name) => _prefix + name;

    public async Task<TableClient> TableAsync(string name, CancellationToken cancellationToken = default)
    {
        var client = _tables.GetTableClient(TableName(name));
        await EnsureCreatedAsync("t:" + name, () => client.CreateIfNotExistsAsync(cancellationToken), cancellationToken);
        return client;
    }

    /// <summary>A table to read only: never created by a read (a version's table may have been removed).</summary>
    public TableClient ExistingTable(string name) => _tables.GetTableClient(TableName(name));

    public async Task<BlobContainerClient> ContainerAsync(string name, CancellationToken cancellationToken = default)
    {
        var client = _blobs.GetBlobContainerClient(ContainerName(name));
        await EnsureCreatedAsync("c:" + name, () => client.CreateIfNotExistsAsync(cancellationToken: cancellationToken), cancellationToken);
        return client;
    }

    /// <summary>The names (without prefix) of this prefix's tables that start with <paramref name="start"/>.</summary>
    public async Task<IReadOnlyList<string>> ListTablesAsync(string start, CancellationToken cancellationToken = default)
    {
        var names = new List<string>();
        // Listed whole and filtered here: the table service filters by exact comparisons only.
        await foreach (var table in _tables.QueryAsync(cancellationToken: cancellationToken))
        {
            if (table.Name.StartsWith(_prefix + start, StringComparison.Ordinal)) names.Add(table.Name[_prefix.Length..]);
        }
        return names;
    }

    public async Task DeleteTableAsync(string name, CancellationToken cancellationToken = default)
    {
        await _tables.DeleteTableAsync(TableName(name), cancellationToken);
        _created.TryRemove("t:" + name, out _);
    }

    /// <summary>Deletes every table and container of this prefix (used by tests to clean up).</summary>
    public async Task DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        foreach (var table in await ListTablesAsync("", cancellationToken))
        {
            await _tables.DeleteTableAsync(TableName(table), cancellationToken);
        }
        foreach (var container in StorageNames.Containers)
        {
            await _blobs.GetBlobContainerClient(ContainerName(container)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
        _created.Clear();
    }

    // Creation is checked once per process: a round trip per call would double the cost of reads.
    private async Task EnsureCreatedAsync(string key, Func<Task> create, CancellationToken cancellationToken)
    {
        if (_created.ContainsKey(key)) return;
        await _createLock.WaitAsync(cancellationToken);
        try
        {
            if (_created.ContainsKey(key)) return;
            await create();
            _created[key] = true;
        }
        finally
        {
            _createLock.Release();
        }
    }
}
