using Microsoft.Extensions.Configuration;

namespace ECarto.Storage;

public static class StorageConfiguration
{
    /// <summary>
    /// Reads the storage settings. <c>Storage:ConnectionString</c> wins; then the Functions host's own
    /// <c>AzureWebJobsStorage</c> (a connection string locally, or the identity-based
    /// <c>AzureWebJobsStorage__tableServiceUri</c>/<c>__blobServiceUri</c>/<c>__clientId</c> in Azure).
    /// </summary>
    public static StorageOptions Read(IConfiguration configuration)
    {
        var options = new StorageOptions
        {
            ConnectionString = configuration["Storage:ConnectionString"],
            Prefix = configuration["Storage:Prefix"] ?? "",
        };
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            var hostStorage = configuration["AzureWebJobsStorage"];
            if (!string.IsNullOrWhiteSpace(hostStorage)) options.ConnectionString = hostStorage;
        }
        var section = configuration.GetSection("AzureWebJobsStorage");
        if (Uri.TryCreate(section["tableServiceUri"], UriKind.Absolute, out var tableUri)) options.TableServiceUri = tableUri;
        if (Uri.TryCreate(section["blobServiceUri"], UriKind.Absolute, out var blobUri)) options.BlobServiceUri = blobUri;
        options.ManagedIdentityClientId = section["clientId"] ?? configuration["AZURE_CLIENT_ID"];
        return options;
    }
}
