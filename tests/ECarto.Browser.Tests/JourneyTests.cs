using System.Diagnostics;
using Microsoft.Playwright;

namespace ECarto.Browser.Tests;

/// <summary>How a journey is walked: with a mouse on a desktop, tapping on a 390 px phone, or with the keyboard only.</summary>
public enum Way { Mouse, Phone, Keyboard }

/// <summary>
/// The four journeys of a first-time visitor (issue 12), each walked with the mouse, on a 390 px phone and
/// with the keyboard only, ending by reloading the deep link reached: it must show the same page.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class JourneyTests(LocalHostFixture host) : IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    private Task<IPage> OpenAsync(string path, Way way) => _chromium.OpenAsync(host.Url + path, way == Way.Phone ? 390 : 1280);

    /// <summary>Presses Tab until the focus is on <paramref name="selector"/>: it is reachable by keyboard (else fails).</summary>
    private static async Task TabToAsync(IPage page, string selector, int limit = 400)
    {
        for (var i = 0; i < limit; i++)
        {
            if (await page.EvaluateAsync<bool>("s => !!document.activeElement && document.activeElement.matches(s)", selector)) return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"« {selector} » n'est pas atteint au clavier en {limit} tabulations");
    }

    /// <summary>Follows a link or presses a button the way of the journey.</summary>
    private static async Task ActAsync(IPage page, Way way, string selector)
    {
        var target = page.Locator(selector).First;
        await Assertions.Expect(target).ToBeVisibleAsync();
        if (way == Way.Keyboard)
        {
            await TabToAsync(page, selector);
            await page.Keyboard.PressAsync("Enter");
        }
        else
        {
            if (way == Way.Phone) await Chromium.AssertFitsAPhoneAsync(page);
            await target.ClickAsync();
        }
    }

    /// <summary>Chooses an option of a select: with the arrow keys when keyboard only.</summary>
    private static async Task ChooseAsync(IPage page, Way way, string selector, string value)
    {
        if (way != Way.Keyboard)
        {
            await page.SelectOptionAsync(selector, value);
            return;
        }
        await TabToAsync(page, selector);
        for (var i = 0; i < 200 && await page.InputValueAsync(selector) != value; i++) await page.Keyboard.PressAsync("ArrowDown");
        Assert.Equal(value, await page.InputValueAsync(selector));
    }

    private static async Task TypeAsync(IPage page, Way way, string selector, string text)
    {
        if (way == Way.Keyboard)
        {
            await TabToAsync(page, selector);
            await page.Keyboard.TypeAsync(text);
        }
        else
        {
            await page.FillAsync(selector, text);
        }
    }

    private static async Task ReloadAndExpectAsync(IPage page, Way way, ILocator locator, string text)
    {
        var url = page.Url;
        await page.ReloadAsync();
        Assert.Equal(url, page.Url);
        await Assertions.Expect(locator).ToContainTextAsync(text);
        if (way == Way.Phone) await Chromium.AssertFitsAPhoneAsync(page);
    }

    [SkippableTheory]
    [InlineData(Way.Mouse)]
    [InlineData(Way.Phone)]
    [InlineData(Way.Keyboard)]
    public async Task Find_my_school_and_see_where_it_stands_in_under_a_minute(Way way)
    {
        var page = await OpenAsync("/", way);
        var clock = Stopwatch.StartNew();
        await TypeAsync(page, way, "#q", "Pierre de Fermat");
        await Assertions.Expect(page.Locator("#results li[data-uai='0310036W']")).ToBeVisibleAsync();
        if (way == Way.Keyboard) await page.Keyboard.PressAsync("Escape"); // close the suggestions, keep the results
        await ActAsync(page, way, "#results li[data-uai='0310036W'] a");

        // The fiche: its four components and its sources.
        await Assertions.Expect(page.Locator("#fiche-name")).ToHaveTextAsync("Lycée général Pierre de Fermat");
        foreach (var component in new[] { "connectivite", "equipement", "services-et-ressources", "experimentations" })
        {
            await Assertions.Expect(page.Locator($"#comp-{component}")).ToBeVisibleAsync();
        }
        await Assertions.Expect(page.Locator("#fiche-source")).ToContainTextAsync("Annuaire de l'éducation");

        // Its commune, then its département, compared with France.
        await ActAsync(page, way, "#fiche-identity a[href='/territoire/commune/31555']");
        await Assertions.Expect(page.Locator("#territoire-nom")).ToHaveTextAsync("Toulouse");
        await ActAsync(page, way, "#breadcrumb a[href='/territoire/departement/31']");
        await Assertions.Expect(page.Locator("#territoire-nom")).ToHaveTextAsync("Haute-Garonne");
        await Assertions.Expect(page.Locator("#territoire-graphique")).ToContainTextAsync("France");
        clock.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"parcours en {clock.Elapsed.TotalSeconds:F0} s");
        Assert.EndsWith("/territoire/departement/31", page.Url);
        await ReloadAndExpectAsync(page, way, page.Locator("#territoire-graphique"), "France");
        if (way == Way.Phone) await Chromium.ScreenshotsAsync(page, "parcours-1-departement");
    }

    [SkippableTheory]
    [InlineData(Way.Mouse)]
    [InlineData(Way.Phone)]
    [InlineData(Way.Keyboard)]
    public async Task Look_at_my_territory_from_the_map_to_the_excel_list_of_its_colleges(Way way)
    {
        var page = await OpenAsync("/", way);
        await ActAsync(page, way, ".site-nav a[href='/carte']");
        await Assertions.Expect(page.Locator("#carte")).ToHaveAttributeAsync("data-ready", "region:arcep-eligibles-100:", new() { Timeout = 90_000 });
        // The région: a click on the map, or its link in the table (the map's keyboard alternative).
        if (way == Way.Keyboard) await ActAsync(page, way, "#carte-tableau a[href='/territoire/region/76']");
        else await Chromium.ClickShapeAsync(page, page.Locator("#carte-map path[data-code='76']"));
        await Assertions.Expect(page.Locator("#territoire-nom")).ToHaveTextAsync("Occitanie");
        // Its départements on its own map; Haute-Garonne, by the map or by its link.
        await Assertions.Expect(page.Locator("#territoire-carte")).ToHaveAttributeAsync("data-ready", "region:76");
        await Assertions.Expect(page.Locator("#territoire-carte path[data-code]")).ToHaveCountAsync(13);
        if (way == Way.Keyboard)
        {
            // The keyboard's way through the map: the région's départements on the big map, and their table.
            await ActAsync(page, way, "#territoire-carte a[href='/carte?niveau=departement&territoire=region%3A76']");
            await Assertions.Expect(page.Locator("#carte")).ToHaveAttributeAsync("data-ready", "departement:arcep-eligibles-100:region:76");
            await ActAsync(page, way, "#carte-tableau a[href='/territoire/departement/31']");
        }
        else
        {
            await Chromium.ClickShapeAsync(page, page.Locator("#territoire-carte path[data-code='31']"));
        }
        await Assertions.Expect(page.Locator("#territoire-nom")).ToHaveTextAsync("Haute-Garonne");

        // Its collèges, filtered, and that very list in Excel.
        await ChooseAsync(page, way, "#etablissements-type", "college");
        await Assertions.Expect(page.Locator("#etablissements-statut")).ToContainTextAsync("141 établissements");
        var export = page.Locator("#etablissements-xlsx");
        await Assertions.Expect(export).ToHaveAttributeAsync("href", "/api/exports/etablissements.xlsx?territoire=departement%3A31&type=college");
        var download = await page.RunAndWaitForDownloadAsync(() => ActAsync(page, way, "#etablissements-xlsx"));
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        var file = await download.PathAsync();
        Assert.True(new FileInfo(file!).Length > 5_000);
        await ReloadAndExpectAsync(page, way, page.Locator("#territoire-nom"), "Haute-Garonne");
        if (way == Way.Phone) await Chromium.ScreenshotsAsync(page, "parcours-2-departement");
    }

    [SkippableTheory]
    [InlineData(Way.Mouse)]
    [InlineData(Way.Phone)]
    [InlineData(Way.Keyboard)]
    public async Task Around_an_address_the_nearest_schools_on_a_map_then_a_fiche_and_its_pdf(Way way)
    {
        var page = await OpenAsync("/", way);
        await TypeAsync(page, way, "#adresse", "Albi");
        await ActAsync(page, way, "#autour button[type='submit']");
        var items = page.Locator("#autour-liste li");
        await Assertions.Expect(items.First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#autour-statut")).ToContainTextAsync("du plus proche au plus lointain");
        await Assertions.Expect(items.First.Locator(".meta")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+(,\d)? k?m · "));
        // The same schools on the map, numbered as in the list.
        await Assertions.Expect(page.Locator("#autour-carte")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#autour-carte .school-number")).ToHaveCountAsync(await items.CountAsync());
        await Assertions.Expect(page.Locator("#autour-carte .school-number").First).ToHaveTextAsync("1");
        if (way == Way.Mouse) await Chromium.ScreenshotsAsync(page, "autour-carte", page.Locator("#autour-carte"));
        var uai = await items.First.GetAttributeAsync("data-uai");
        await ActAsync(page, way, $"#autour-liste li[data-uai='{uai}'] a");
        await Assertions.Expect(page.Locator("#fiche")).ToBeVisibleAsync();
        Assert.EndsWith($"/etablissement/{uai}", page.Url);
        var download = await page.RunAndWaitForDownloadAsync(() => ActAsync(page, way, "#fiche-pdf"));
        Assert.EndsWith(".pdf", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        await ReloadAndExpectAsync(page, way, page.Locator("#fiche-identity"), uai!);
    }

    [SkippableTheory]
    [InlineData(Way.Mouse)]
    [InlineData(Way.Phone)]
    [InlineData(Way.Keyboard)]
    public async Task Academie_from_its_entry_to_its_departements_on_the_map_and_the_comparison_chart(Way way)
    {
        var page = await OpenAsync("/", way);
        await ActAsync(page, way, ".entries a[href='/territoires/academie']");
        await Assertions.Expect(page.Locator("#liste-titre")).ToHaveTextAsync("Les académies");
        await ActAsync(page, way, "#liste-table a[href='/territoire/academie/16']");
        await Assertions.Expect(page.Locator("#territoire-nom")).ToHaveTextAsync("Académie de Toulouse");
        // Its eight départements on its map, each named in its tooltip and in the list under it.
        await Assertions.Expect(page.Locator("#territoire-carte")).ToHaveAttributeAsync("data-ready", "academie:16");
        var codes = await page.Locator("#territoire-carte path[data-code]").EvaluateAllAsync<string[]>("paths => paths.map(p => p.dataset.code).sort()");
        Assert.Equal(["09", "12", "31", "32", "46", "65", "81", "82"], codes);
        await Assertions.Expect(page.Locator("#territoire-carte .map-legend li").First).ToBeVisibleAsync();
        if (way == Way.Mouse)
        {
            await Chromium.HoverShapeAsync(page, page.Locator("#territoire-carte path[data-code='81']"));
            await Assertions.Expect(page.Locator(".leaflet-tooltip")).ToContainTextAsync("Tarn");
            await Chromium.ScreenshotsAsync(page, "territoire-academie-carte", page.Locator("#territoire-carte"));
        }
        // The comparison chart, reached from the page.
        if (way == Way.Keyboard) await TabToAsync(page, "#comparaison-type");
        else await page.Locator("#territoire-comparaison").ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(page.Locator("#territoire-graphique")).ToContainTextAsync("France");
        await Assertions.Expect(page.Locator("#territoire-graphique svg")).ToBeVisibleAsync();
        await ReloadAndExpectAsync(page, way, page.Locator("#territoire-nom"), "Académie de Toulouse");
        await Assertions.Expect(page.Locator("#territoire-carte path[data-code]")).ToHaveCountAsync(8);
    }
}
