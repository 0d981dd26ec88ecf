using Microsoft.Playwright;

namespace ECarto.Browser.Tests;

/// <summary>
/// The API cannot be reached (network down, or the function app answering 5xx): the page says so in
/// French with a « Réessayer » button, never stays blank, and carries on once the API answers again.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class ApiUnreachableTests(LocalHostFixture host) : IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    [SkippableFact]
    public async Task A_school_page_whose_api_is_unreachable_says_so_and_loads_after_retrying()
    {
        Skip.If(_chromium.Browser is null, $"{Chromium.Path} is not installed.");
        var page = await _chromium.Browser!.NewPageAsync(new BrowserNewPageOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "fr-FR",
        });
        page.SetDefaultTimeout(30_000);
        var calls = 0;
        // First the network fails (the request is aborted), then the API answers 502, then it is back.
        await page.RouteAsync("**/api/**", route => { calls++; return route.AbortAsync("connectionrefused"); });
        await page.GotoAsync(host.Url + "/etablissement/0310036W");

        var notice = page.Locator("#api-injoignable");
        await Assertions.Expect(notice).ToBeVisibleAsync();
        await Assertions.Expect(notice).ToHaveAttributeAsync("role", "alert");
        await Assertions.Expect(notice).ToContainTextAsync("ne répond pas pour le moment");
        var retry = notice.GetByRole(AriaRole.Button, new() { Name = "Réessayer" });
        await Assertions.Expect(retry).ToBeVisibleAsync();
        // Not a blank page: the site's header and the notice are there, and nothing sticks out on a phone.
        await Assertions.Expect(page.Locator(".site-title")).ToBeVisibleAsync();
        await Chromium.ScreenshotsAsync(page, "api-injoignable");
        await Chromium.AssertFitsAPhoneAsync(page);
        Assert.True(calls >= 1);

        await page.UnrouteAsync("**/api/**");
        await page.RouteAsync("**/api/**", route => route.FulfillAsync(new()
        {
            Status = 502,
            ContentType = "text/html",
            Body = "<html><body>Bad Gateway</body></html>",
        }));
        await retry.ClickAsync();
        // A 5xx is the same trouble: the notice comes back, and no raw « Erreur 502 » is shown.
        await Assertions.Expect(page.Locator("#api-injoignable")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("Erreur 502");

        await page.UnrouteAsync("**/api/**");
        await page.Locator("#api-injoignable").GetByRole(AriaRole.Button, new() { Name = "Réessayer" }).ClickAsync();
        await Assertions.Expect(page.Locator("#fiche-name")).ToHaveTextAsync("Lycée général Pierre de Fermat");
        await Assertions.Expect(page.Locator("#api-injoignable")).ToHaveCountAsync(0);
    }
}
