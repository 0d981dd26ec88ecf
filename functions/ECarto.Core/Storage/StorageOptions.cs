namespace ECarto.Storage;

/// <summary>
/// Where the data lives. Locally a connection string (Azurite); in Azure the service URIs of the
/// account and the managed identity (no key anywhere).
/// </summary>
public sealed class StorageOptions
{
    /// <summary>A full connection string (Azurite, or a developer's account). Takes precedence.</summary>
    public string? ConnectionString { get; set; }

    public Uri? TableServiceUri { get; set; }

    public Uri? BlobServiceUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity, when there is one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Prefix of every table and container name: lets tests run side by side in one account.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>Retry policy and network timeout of the table clients (set by the composition root).</summary>
    public Azure.Data.Tables.TableClientOptions? TableClientOptions { get; set; }

    /// <summary>Retry policy and network timeout of the blob clients (set by the composition root).</summary>
    public Azure.Storage.Blobs.BlobClientOptions? BlobClientOptions { get; set; }
}
