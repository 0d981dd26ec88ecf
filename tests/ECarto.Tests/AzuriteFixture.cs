using ECarto.LocalHost;

namespace ECarto.Tests;

/// <summary>
/// The real Azurite the tests talk to: the one tests/run.sh started (ECARTO_TEST_STORAGE), else one
/// started here in memory on free ports and stopped at the end.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? _own;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable("ECARTO_TEST_STORAGE");
        if (!string.IsNullOrWhiteSpace(given))
        {
            ConnectionString = given;
            return;
        }
        _own = await AzuriteProcess.StartAsync(TestData.Root, dataFolder: null, _ => { }, CancellationToken.None);
        ConnectionString = _own.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_own is not null) await _own.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
