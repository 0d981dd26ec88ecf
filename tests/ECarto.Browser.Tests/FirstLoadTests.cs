using ECarto.LocalHost;
using ECarto.Sources;
using ECarto.Storage;
using ECarto.Tests.Shared;
using Microsoft.Playwright;

namespace ECarto.Browser.Tests;

/// <summary>
/// The first minute of a fresh install: the URL is printed before the first data version is published.
/// The page must say the data is loading, not « no result », and show the results by itself once ready.
/// </summary>
public sealed class FirstLoadTests : IAsyncLifetime
{
    private Chromium _chromium = null!;
    private AzuriteProcess? _azurite;
    private LocalHostProcess? _host;
    private string _connectionString = "";
    private readonly string _prefix = "f" + Guid.NewGuid().ToString("N")[..10];

    public async Task InitializeAsync()
    {
        _chromium = await Chromium.LaunchAsync();
        _connectionString = Environment.GetEnvironmentVariable("ECARTO_TEST_STORAGE") ?? "";
        if (string.IsNullOrWhiteSpace(_connectionString))
        {
            var root = RepositoryLayout.FindRoot() ?? throw new DirectoryNotFoundException("repository root not found");
            _azurite = await AzuriteProcess.StartAsync(root, dataFolder: null, _ => { }, CancellationToken.None);
            _connectionString = _azurite.ConnectionString;
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await new ECartoStorage(new StorageOptions { ConnectionString = _connectionString, Prefix = _prefix }).DeleteAllAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
        await _chromium.DisposeAsync();
    }

    [SkippableFact]
    public async Task Before_the_first_publication_the_page_says_the_data_is_loading_then_shows_it_by_itself()
    {
        Skip.If(_chromium.Browser is null, $"{Chromium.Path} is not installed.");
        _host = LocalHostProcess.Start(
            ["--LocalHost:Port=0", "--LocalHost:Schedule=false"],
            new Dictionary<string, string> { ["Storage__ConnectionString"] = _connectionString, ["Storage__Prefix"] = _prefix });
        var served = await _host.WaitForAsync(@"servi sur (http://127\.0\.0\.1:\d+)", TimeSpan.FromMinutes(2));

        var page = await _chromium.OpenAsync(served.Groups[1].Value + "?q=fermat");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Chargement des données…");
        await Assertions.Expect(page.Locator("#status")).Not.ToContainTextAsync("Aucun établissement");
        await Chromium.ScreenshotsAsync(page, "premier-chargement");

        // No reload: the page asks again after Retry-After until the first version is published.
        await Assertions.Expect(page.Locator("#results li[data-uai='0310036W']")).ToBeVisibleAsync(new() { Timeout = 360_000 });
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("pour « fermat »");
    }
}
