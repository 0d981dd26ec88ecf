using Microsoft.Playwright;

namespace ECarto.Browser.Tests;

/// <summary>A person's path through the search page, in Debian's Chromium.</summary>
public sealed class SearchPageTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>, IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium)) return;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Our machines have no network: keep Chromium from trying to reach its services.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }

    private async Task<IPage> OpenAsync()
    {
        Skip.If(_browser is null, $"{Chromium} is not installed (tests/run.sh installs Debian's chromium when it runs as root).");
        var page = await _browser!.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(host.Url);
        return page;
    }

    [SkippableFact]
    public async Task Searching_pierre_de_fermat_and_opening_the_lycee_shows_its_commune()
    {
        var page = await OpenAsync();
        await page.FillAsync("#q", "Pierre de Fermat");
        var result = page.Locator("#results li[data-uai='0310036W']");
        await result.WaitForAsync();
        await result.ClickAsync();

        var fiche = page.Locator("#fiche");
        await Assertions.Expect(fiche).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#fiche-name")).ToHaveTextAsync("Lycée général Pierre de Fermat");
        await Assertions.Expect(page.Locator("#fiche-identity")).ToContainTextAsync("Toulouse (31555)");
        await Assertions.Expect(page.Locator("#fiche-identity")).ToContainTextAsync("0310036W");
        await Assertions.Expect(page.Locator("#fiche-source")).ToContainTextAsync("Annuaire de l'éducation");
        await Assertions.Expect(page.Locator("#fiche-source")).ToContainTextAsync("2024-11-26");
        await Assertions.Expect(page.Locator("#fiche-source")).ToContainTextAsync("Licence Ouverte");
        Assert.Contains("uai=0310036W", page.Url);

        // Its digital inventory is demonstration data, and says so.
        await Assertions.Expect(page.Locator("#fiche-demo")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#fiche-demo")).ToContainTextAsync("Données de démonstration");
        await Assertions.Expect(page.Locator("#inv-equipement")).ToContainTextAsync("Terminaux");
    }

    [SkippableFact]
    public async Task The_result_list_is_navigable_with_the_keyboard()
    {
        var page = await OpenAsync();
        await page.FillAsync("#q", "fermat toulouse");
        await Assertions.Expect(page.Locator("#results li")).ToHaveCountAsync(2);
        var second = await page.Locator("#results li").Nth(1).GetAttributeAsync("data-uai");

        await page.PressAsync("#q", "ArrowDown");
        await page.PressAsync("#q", "ArrowDown");
        await Assertions.Expect(page.Locator("#q")).ToHaveAttributeAsync("aria-activedescendant", "result-1");
        await page.PressAsync("#q", "Enter");

        await Assertions.Expect(page.Locator("#fiche-identity")).ToContainTextAsync(second!);
    }

    [SkippableFact]
    public async Task A_search_without_match_says_so()
    {
        var page = await OpenAsync();
        await page.FillAsync("#q", "zzzz introuvable");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Aucun établissement ne correspond");
    }
}
