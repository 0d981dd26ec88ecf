using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ECarto.Browser.Tests;

/// <summary>
/// Text from the data or the URL is shown as text, never run; an unknown page, UAI or territory gets the
/// French 404 page, from the local host (status 404) and from the page itself.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class RobustnessTests(LocalHostFixture host) : IAsyncLifetime
{
    // A school name as hostile data could carry it: an image whose error handler and a script both flag the page.
    private const string Hostile = "Lycée <img src=x onerror=\"window.__pwned='img'\"><script>window.__pwned='script'</script> & « Fermat »";

    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    [SkippableFact]
    public async Task A_school_name_carrying_html_is_shown_as_text_in_the_results_the_fiche_and_the_title_and_never_run()
    {
        var page = await _chromium.OpenAsync("about:blank");
        // The real API's answers, with the school's name replaced by the hostile one.
        await page.RouteAsync("**/api/etablissements?**", route => RewriteAsync(route, json =>
        {
            foreach (var school in json["results"]!.AsArray()) school!["name"] = Hostile;
        }));
        await page.RouteAsync("**/api/etablissements/0310036W", route => RewriteAsync(route, json => json["school"]!["name"] = Hostile));

        await page.GotoAsync(host.Url + "/?q=fermat");
        var result = page.Locator("#results li[data-uai='0310036W'] .name a");
        await Assertions.Expect(result).ToHaveTextAsync(Hostile);
        await result.ClickAsync();
        await Assertions.Expect(page.Locator("#fiche-name")).ToHaveTextAsync(Hostile);
        await Assertions.Expect(page.Locator("#breadcrumb [aria-current]")).ToHaveTextAsync(Hostile);
        Assert.Equal($"{Hostile} — eCarto", await page.TitleAsync());
        await page.WaitForTimeoutAsync(500); // an injected image would have failed to load by now

        Assert.Equal(0, await page.Locator("main img, main script").CountAsync());
        Assert.Null(await page.EvaluateAsync<string?>("() => window.__pwned ?? null"));
        await Chromium.ScreenshotsAsync(page, "nom-hostile");
    }

    [SkippableFact]
    public async Task A_url_carrying_html_is_shown_as_text_on_the_not_found_page()
    {
        var page = await _chromium.OpenAsync(host.Url + "/etablissement/" + Uri.EscapeDataString("<img src=x onerror=\"window.__pwned=1\">"));
        await Assertions.Expect(page.Locator("#introuvable-titre")).ToHaveTextAsync("Page introuvable");
        Assert.Equal(0, await page.Locator("main img").CountAsync());
        Assert.Null(await page.EvaluateAsync<string?>("() => window.__pwned ?? null"));
    }

    [SkippableTheory]
    [InlineData("/etablissement/0000000X", "0000000X")]
    [InlineData("/territoire/departement/99", "99")]
    [InlineData("/territoires/canton", "canton")]
    public async Task An_unknown_uai_territory_or_level_shows_the_french_404_page(string path, string named)
    {
        var page = await _chromium.OpenAsync(host.Url + path);
        await Assertions.Expect(page.Locator("#introuvable-titre")).ToHaveTextAsync("Page introuvable");
        await Assertions.Expect(page.Locator("#introuvable-detail")).ToContainTextAsync(named);
        await Assertions.Expect(page.Locator("#introuvable a[href='/']")).ToBeVisibleAsync();
        Assert.Equal("Page introuvable — eCarto", await page.TitleAsync());
        await Assertions.Expect(page.Locator("#fiche")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#territoire")).ToBeHiddenAsync();
    }

    [SkippableFact]
    public async Task An_unknown_path_is_answered_404_with_the_french_page_and_the_sites_headers()
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(host.Url + "/ailleurs/31");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"fr\">", body);
        Assert.Contains("Page introuvable", body);
        Assert.DoesNotContain("<script", body);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        // The API keeps its own 404s, never the page.
        var api = await http.GetAsync(host.Url + "/api/inconnu");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.DoesNotContain("<html", await api.Content.ReadAsStringAsync());
        var school = await http.GetAsync(host.Url + "/api/etablissements/0000000X");
        Assert.Equal(HttpStatusCode.NotFound, school.StatusCode);
        Assert.DoesNotContain("<html", await school.Content.ReadAsStringAsync());

        var page = await _chromium.OpenAsync(host.Url + "/ailleurs/31");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Page introuvable");
        await Chromium.ScreenshotsAsync(page, "erreur-404");
        await Chromium.AssertFitsAPhoneAsync(page);
    }

    private static async Task RewriteAsync(IRoute route, Action<JsonNode> change)
    {
        var response = await route.FetchAsync();
        var json = JsonNode.Parse(await response.TextAsync())!;
        change(json);
        await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = json.ToJsonString() });
    }
}
