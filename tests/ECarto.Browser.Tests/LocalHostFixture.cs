using ECarto.LocalHost;
using ECarto.Sources;
using ECarto.Storage;
using ECarto.Tests.Shared;

namespace ECarto.Browser.Tests;

/// <summary>
/// The local host as a user runs it, in its own process, on a real Azurite (the one tests/run.sh
/// started, else one started here in memory) under a storage prefix of its own, deleted at the end.
/// </summary>
public sealed class LocalHostFixture : IAsyncLifetime
{
    // A first publication takes ≈ 30 s on a quiet machine, minutes when the machine is shared: wait as long as a patient operator.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);
    private AzuriteProcess? _azurite;
    private LocalHostProcess? _host;
    private string _connectionString = "";
    private readonly string _prefix = "b" + Guid.NewGuid().ToString("N")[..10];

    public string Url { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _connectionString = Environment.GetEnvironmentVariable("ECARTO_TEST_STORAGE") ?? "";
        if (string.IsNullOrWhiteSpace(_connectionString))
        {
            var root = RepositoryLayout.FindRoot() ?? throw new DirectoryNotFoundException("repository root not found");
            _azurite = await AzuriteProcess.StartAsync(root, dataFolder: null, _ => { }, CancellationToken.None);
            _connectionString = _azurite.ConnectionString;
        }
        _host = LocalHostProcess.Start(
            ["--LocalHost:Port=0", "--LocalHost:Schedule=false"],
            new Dictionary<string, string> { ["Storage__ConnectionString"] = _connectionString, ["Storage__Prefix"] = _prefix });
        var ready = await _host.WaitForAsync(@"Prêt : (http://127\.0\.0\.1:\d+)", StartTimeout);
        Url = ready.Groups[1].Value;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await new ECartoStorage(new StorageOptions { ConnectionString = _connectionString, Prefix = _prefix }).DeleteAllAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}
