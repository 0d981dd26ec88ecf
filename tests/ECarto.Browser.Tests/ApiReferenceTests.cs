using ECarto.Api;
using Microsoft.Playwright;

namespace ECarto.Browser.Tests;

/// <summary>
/// The API reference page (/reference-api/): Scalar, served from the site itself under the page's own CSP,
/// lists every route of the OpenAPI document, with no request leaving the site and no CSP violation.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class ApiReferenceTests(LocalHostFixture host) : IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    [SkippableFact]
    public async Task The_reference_lists_every_route_from_the_site_alone_under_its_csp()
    {
        Skip.If(_chromium.Browser is null, $"{Chromium.Path} is not installed.");
        var page = await _chromium.Browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "fr-FR" });
        page.SetDefaultTimeout(30_000);
        var site = new Uri(host.Url);
        var elsewhere = new List<string>();
        var violations = new List<string>();
        page.Request += (_, request) =>
        {
            if (Uri.TryCreate(request.Url, UriKind.Absolute, out var uri) && uri.Scheme.StartsWith("http", StringComparison.Ordinal) && uri.Authority != site.Authority) elsewhere.Add(request.Url);
        };
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(message.Text);
        };
        var response = await page.GotoAsync(host.Url + "/reference-api/");
        Assert.NotNull(response);
        Assert.Contains("'unsafe-inline'", (await response.AllHeadersAsync())["content-security-policy"]);

        foreach (var operation in ApiCatalog.Operations)
        {
            await Assertions.Expect(page.GetByText(operation.Summary).First).ToBeAttachedAsync();
        }
        // In French, without Scalar's AI agent, and no wider than a phone.
        Assert.Equal(0, await page.GetByText("Ask AI").CountAsync());
        Assert.Equal(0, await page.GetByText("Download OpenAPI Document").CountAsync());
        Assert.Equal(0, await page.GetByText("Générer MCP").CountAsync());
        await Assertions.Expect(page.GetByText("Télécharger le document OpenAPI").First).ToBeVisibleAsync();
        await Chromium.ScreenshotsAsync(page, "reference-api");
        await Chromium.AssertFitsAPhoneAsync(page);
        Assert.Empty(violations);
        Assert.Empty(elsewhere);

        // The rest of the site keeps its strict policy.
        var home = await page.GotoAsync(host.Url + "/");
        Assert.DoesNotContain("unsafe-inline", (await home!.AllHeadersAsync())["content-security-policy"]);
    }
}
