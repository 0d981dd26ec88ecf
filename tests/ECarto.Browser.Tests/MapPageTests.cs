using System.Globalization;
using Microsoft.Playwright;

namespace ECarto.Browser.Tests;

/// <summary>
/// The map of France (/carte) in Debian's Chromium: contours served by the site (no tile server), coloured
/// by an indicator of the catalogue with a legend, tooltips and clicks, the communes and schools of a
/// département, and the sortable table that says the same; under the site's CSP, with no console error.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class MapPageTests(LocalHostFixture host) : IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    /// <summary>Opens a page and records the console's errors (a CSP violation is one) and every request leaving the site.</summary>
    internal static async Task<(IPage Page, List<string> Errors, List<string> Outside)> OpenWatchedAsync(Chromium chromium, string origin, string path, int width = 1280)
    {
        var page = await chromium.OpenAsync("about:blank", width);
        var errors = new List<string>();
        var outside = new List<string>();
        // The site has no favicon: Chromium's own request for it is not the page's error.
        page.Console += (_, message) => { if (message.Type == "error" && !message.Location.Contains("/favicon.ico", StringComparison.Ordinal)) errors.Add($"{message.Text} ({message.Location})"); };
        page.PageError += (_, error) => errors.Add(error);
        page.Request += (_, request) => { if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)) outside.Add(request.Url); };
        await page.GotoAsync(origin + path);
        return (page, errors, outside);
    }

    private static async Task<double?[]> ColumnAsync(IPage page) =>
        (await page.Locator("#carte-tableau tbody td:nth-child(2)").AllTextContentsAsync())
        .Select(text => text.Replace("démo", "").Replace("\u202f", "").Replace("\u00a0", "").Replace(" ", "").Replace("%", "").Replace(",", "."))
        .Select(text => double.TryParse(new string(text.TakeWhile(c => char.IsDigit(c) || c == '.').ToArray()), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : (double?)null)
        .ToArray();

    [SkippableFact]
    public async Task The_regions_are_coloured_with_a_legend_a_tooltip_and_a_sortable_table_under_the_csp()
    {
        var (page, errors, outside) = await OpenWatchedAsync(_chromium, host.Url, "/carte");
        await Assertions.Expect(page.Locator("#carte")).ToHaveAttributeAsync("data-ready", "region:arcep-eligibles-100:", new() { Timeout = 90_000 });
        // Every région drawn from the site's contours, each with its code; five classes and N.C. in the legend.
        await Assertions.Expect(page.Locator("#carte-map path[data-code]")).ToHaveCountAsync(18);
        await Assertions.Expect(page.Locator("#carte-legende li")).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator("#carte-legende")).ToContainTextAsync("Locaux éligibles à 100 Mbit/s ou plus (commune)");
        await Assertions.Expect(page.Locator("#carte-demo")).ToBeHiddenAsync();
        // The tooltip of Occitanie: its name and its value the French way.
        await Chromium.HoverShapeAsync(page, page.Locator("#carte-map path[data-code='76']"));
        var tooltip = page.Locator(".leaflet-tooltip");
        await Assertions.Expect(tooltip).ToContainTextAsync("Occitanie");
        await Assertions.Expect(tooltip).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d+,\d\u202f%"));
        await Chromium.ScreenshotsAsync(page, "carte");
        await Chromium.AssertFitsAPhoneAsync(page);

        // The table: every région of the data (the 18 drawn and the collectivités d'outre-mer without contours);
        // sorted by value with the keyboard, ascending then descending, announced.
        await Assertions.Expect(page.Locator("#carte-tableau tbody tr[data-code='76']")).ToBeVisibleAsync();
        Assert.InRange(await page.Locator("#carte-tableau tbody tr").CountAsync(), 18, 30);
        var header = page.Locator("#carte-tableau th[data-key='value']");
        await header.Locator("button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(header).ToHaveAttributeAsync("aria-sort", "ascending");
        await Assertions.Expect(page.Locator("#carte-tri")).ToHaveTextAsync("Tableau trié par valeur, ordre croissant.");
        var ascending = (await ColumnAsync(page)).Where(v => v is not null).Select(v => v!.Value).ToList();
        Assert.True(ascending.Count >= 13, string.Join(" ", ascending));
        Assert.Equal(ascending.Order(), ascending);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(header).ToHaveAttributeAsync("aria-sort", "descending");
        var descending = (await ColumnAsync(page)).Where(v => v is not null).Select(v => v!.Value).ToList();
        Assert.Equal(ascending.OrderDescending(), descending);
        await Assertions.Expect(page.Locator("#carte-tableau th[data-key='name']")).Not.ToHaveAttributeAsync("aria-sort", "ascending");

        // A demonstration indicator says so, on the page and in the legend; the address keeps the choice.
        await page.SelectOptionAsync("#carte-indicateur", "terminaux");
        await Assertions.Expect(page.Locator("#carte")).ToHaveAttributeAsync("data-ready", "region:terminaux:");
        Assert.Contains("indicateur=terminaux", page.Url);
        await Assertions.Expect(page.Locator("#carte-demo")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#carte-demo")).ToContainTextAsync("Données de démonstration");
        await Assertions.Expect(page.Locator("#carte-legende .legend-demo")).ToHaveTextAsync("Données de démonstration");
        await Assertions.Expect(page.Locator("#carte-tableau .demo-badge").First).ToHaveTextAsync("démo");

        // A click on a région opens its page.
        await Chromium.ClickShapeAsync(page, page.Locator("#carte-map path[data-code='76']"));
        // A région's page is the heaviest to draw (its figures, its chart, its map of départements): on a
        // busy CI machine, wait as long as for the map itself.
        await Assertions.Expect(page.Locator("#territoire-nom")).ToHaveTextAsync("Occitanie", new() { Timeout = 90_000 });
        Assert.EndsWith("/territoire/region/76", page.Url);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.True(outside.Count == 0, string.Join("\n", outside));
    }

    [SkippableFact]
    public async Task A_departement_shows_its_communes_and_its_schools_clustered_each_opening_its_fiche()
    {
        var (page, errors, outside) = await OpenWatchedAsync(_chromium, host.Url, "/carte?niveau=departement&territoire=departement:31");
        await Assertions.Expect(page.Locator("#carte")).ToHaveAttributeAsync("data-ready", "commune:arcep-eligibles-100:departement:31", new() { Timeout = 90_000 });
        // Haute-Garonne's communes from the site's contours, and its schools: clusters and single points.
        Assert.InRange(await page.Locator("#carte-map path[data-code^='31']").CountAsync(), 500, 600);
        await Assertions.Expect(page.Locator("#carte-map .marker-cluster").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#carte-statut")).ToContainTextAsync("établissements placés sur la carte");
        await Assertions.Expect(page.Locator("#carte-legende .school-legend li")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#carte-territoire")).ToHaveValueAsync("departement:31");
        await Assertions.Expect(page.Locator("#breadcrumb")).ToContainTextAsync("Haute-Garonne");
        await Chromium.ScreenshotsAsync(page, "carte-departement", page.Locator("#carte .map-frame"));

        // Where they are sparse, the schools are single points coloured by type; one opens its fiche with Entrée.
        var school = page.Locator("#carte-map .school-dot[data-uai]:visible").First;
        await Assertions.Expect(school).ToBeVisibleAsync();
        var uai = await school.GetAttributeAsync("data-uai");
        await school.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#fiche")).ToBeVisibleAsync();
        Assert.EndsWith($"/etablissement/{uai}", page.Url);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.True(outside.Count == 0, string.Join("\n", outside));
    }

    [SkippableFact]
    public async Task The_map_assets_come_from_the_site_and_an_unknown_choice_falls_back_to_the_defaults()
    {
        var (page, errors, _) = await OpenWatchedAsync(_chromium, host.Url, "/carte?niveau=canton&indicateur=%3Cscript%3E&territoire=x:1");
        await Assertions.Expect(page.Locator("#carte")).ToHaveAttributeAsync("data-ready", "region:arcep-eligibles-100:", new() { Timeout = 90_000 });
        await Assertions.Expect(page.Locator("#carte-map path[data-code]")).ToHaveCountAsync(18);
        foreach (var asset in new[] { "/vendor/leaflet/leaflet.js", "/vendor/leaflet.markercluster/leaflet.markercluster.js", "/contours/departements.json", "/contours/communes/31.json" })
        {
            var response = await page.APIRequest.GetAsync(host.Url + asset);
            Assert.Equal(200, response.Status);
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
