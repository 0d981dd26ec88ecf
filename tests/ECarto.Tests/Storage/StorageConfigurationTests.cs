using ECarto.Storage;
using Microsoft.Extensions.Configuration;

namespace ECarto.Tests.Storage;

/// <summary>Storage settings as Azure gives them (identity-based) and as a developer does (a connection string).</summary>
public class StorageConfigurationTests
{
    private static IConfiguration Settings(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void In_azure_the_identity_based_host_settings_give_service_uris_and_no_key()
    {
        // The app settings of infra/modules/functionapp.bicep, as the environment turns them into configuration keys.
        var options = StorageConfiguration.Read(Settings(new()
        {
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://ecarto.blob.core.windows.net",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://ecarto.table.core.windows.net",
        }));

        Assert.Null(options.ConnectionString);
        Assert.Equal(new Uri("https://ecarto.table.core.windows.net"), options.TableServiceUri);
        Assert.Equal(new Uri("https://ecarto.blob.core.windows.net"), options.BlobServiceUri);
        Assert.Equal("00000000-0000-0000-0000-000000000001", options.ManagedIdentityClientId);
        Assert.Equal("ecarto", new ECartoStorage(options).TableName("ecarto")); // builds with DefaultAzureCredential, no key
    }

    [Fact]
    public void Locally_a_connection_string_wins()
    {
        var options = StorageConfiguration.Read(Settings(new()
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://ecarto.table.core.windows.net",
        }));
        Assert.Equal("UseDevelopmentStorage=true", options.ConnectionString);
    }

    [Fact]
    public void No_storage_at_all_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ECartoStorage(StorageConfiguration.Read(Settings(new()))));
        Assert.Contains("Storage:ConnectionString", error.Message);
    }
}
