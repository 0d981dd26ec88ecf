using System.Text.Json;
using System.Text.RegularExpressions;
using ECarto.LocalHost;
using ECarto.Sources;
using Microsoft.Playwright;

namespace ECarto.Browser.Tests;

/// <summary>
/// The observatory's pages in Debian's Chromium: a school's four components, then its commune and its
/// département, each compared with its parents and France, with its coverage and its schools.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class ObservatoryPageTests(LocalHostFixture host) : IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    [SkippableFact]
    public async Task From_a_school_fiche_to_its_commune_and_its_departement_then_to_one_of_its_colleges()
    {
        // Opened cold at its own address, as a shared link would be.
        var page = await _chromium.OpenAsync(host.Url + "/etablissement/0310036W");
        await Assertions.Expect(page.Locator("#fiche-name")).ToHaveTextAsync("Lycée général Pierre de Fermat");

        // The four components and the context, the commune's fixed network labelled as the commune's.
        foreach (var component in new[] { "connectivite", "equipement", "services-et-ressources", "experimentations", "contexte" })
        {
            await Assertions.Expect(page.Locator($"#comp-{component}")).ToBeVisibleAsync();
        }
        var connectivity = page.Locator("#comp-connectivite");
        await Assertions.Expect(connectivity).ToContainTextAsync("Réseau fixe de la commune de Toulouse");
        await Assertions.Expect(connectivity).ToContainTextAsync("Arcep, Ma connexion internet, 2022T4");
        await Assertions.Expect(connectivity).ToContainTextAsync("Un site 4G à moins de 2 km");
        await Chromium.ScreenshotsAsync(page, "fiche-lycee");
        await Chromium.AssertFitsAPhoneAsync(page);

        // Its commune.
        await page.Locator("#fiche-identity a", new() { HasTextString = "Toulouse (31555)" }).ClickAsync();
        await Assertions.Expect(page.Locator("#territoire-nom")).ToHaveTextAsync("Toulouse");
        Assert.EndsWith("/territoire/commune/31555", page.Url);
        await ExpectTerritoryPageAsync(page, parents: ["Haute-Garonne", "Académie de Toulouse", "Occitanie", "France"]);
        await Chromium.ScreenshotsAsync(page, "territoire-commune");
        await Chromium.AssertFitsAPhoneAsync(page);

        // Its département, from the breadcrumb.
        await page.Locator("#breadcrumb a", new() { HasTextString = "Haute-Garonne" }).ClickAsync();
        await Assertions.Expect(page.Locator("#territoire-nom")).ToHaveTextAsync("Haute-Garonne");
        Assert.EndsWith("/territoire/departement/31", page.Url);
        await ExpectTerritoryPageAsync(page, parents: ["Académie de Toulouse", "Occitanie", "France"]);
        await Assertions.Expect(page.Locator("#territoire-enfants")).ToContainTextAsync("Ses communes");
        // Its hundreds of communes: the ones with the most schools shown (Toulouse first), the whole list folded.
        var largest = page.Locator("#territoire-enfants > ul.children > li");
        await Assertions.Expect(largest).ToHaveCountAsync(12);
        await Assertions.Expect(largest.First.Locator("a")).ToHaveTextAsync("Toulouse");
        var everyCommune = page.Locator("#territoire-enfants details.children-all");
        Assert.False(await everyCommune.EvaluateAsync<bool>("details => details.open"), "the whole list starts folded");
        await Assertions.Expect(everyCommune.Locator("summary")).ToContainTextAsync("Toutes ses communes");
        var folded = everyCommune.Locator("li a", new() { HasTextString = "Aurignac" });
        await Assertions.Expect(folded).ToBeHiddenAsync();
        Assert.True(await everyCommune.Locator("li").CountAsync() > 300, "the folded list holds every commune with a school");
        await Chromium.ScreenshotsAsync(page, "territoire-departement");
        await everyCommune.Locator("summary").ClickAsync();
        await Assertions.Expect(folded).ToBeVisibleAsync();
        await Chromium.ScreenshotsAsync(page, "territoire-departement-graphique", page.Locator("#territoire-comparaison"));

        // Compare like with like: the collèges of Haute-Garonne with the collèges of France.
        await page.SelectOptionAsync("#comparaison-type", "college");
        await Assertions.Expect(page.Locator("#territoire-graphique figcaption")).ToContainTextAsync("pour collèges");

        // Its collèges, then one of them.
        await page.SelectOptionAsync("#etablissements-type", "college");
        await Assertions.Expect(page.Locator("#etablissements-statut")).ToContainTextAsync("141 établissements");
        var badges = await page.Locator("#etablissements-liste .badge").AllTextContentsAsync();
        Assert.NotEmpty(badges);
        Assert.All(badges, badge => Assert.Equal("Collège", badge));
        var first = page.Locator("#etablissements-liste li").First;
        var uai = await first.GetAttributeAsync("data-uai");
        var name = await first.Locator("a").TextContentAsync();
        await first.Locator("a").ClickAsync();
        await Assertions.Expect(page.Locator("#fiche-name")).ToHaveTextAsync(name!);
        Assert.EndsWith($"/etablissement/{uai}", page.Url);

        // The back button returns to the département.
        await page.GoBackAsync();
        await Assertions.Expect(page.Locator("#territoire-nom")).ToHaveTextAsync("Haute-Garonne");
    }

    private static async Task ExpectTerritoryPageAsync(IPage page, string[] parents)
    {
        // The chart: the territory, each parent and France, for the main indicators.
        var chart = page.Locator("#territoire-graphique svg");
        await Assertions.Expect(chart).ToBeVisibleAsync();
        var labels = await chart.Locator("text.chart-label").AllTextContentsAsync();
        foreach (var parent in parents) Assert.Contains(parent, labels);
        Assert.True(await chart.Locator("rect.chart-bar").CountAsync() >= parents.Length + 1);
        await Assertions.Expect(chart.Locator("text.chart-title").First).ToContainTextAsync("Locaux éligibles à 30 Mbit/s");

        // The essentials read as the original eCarto fiche did, component by component.
        var essentials = page.Locator("#territoire-essentiel");
        await Assertions.Expect(essentials.Locator("li[data-indicator='reseau-4g']")).ToContainTextAsync("des établissements ont un site 4G à moins de 2 km");
        await Assertions.Expect(essentials.Locator("li[data-indicator='eleves-par-terminal']")).ToContainTextAsync(new Regex(@"^1 terminal pour \d+(,\d)? élèves"));
        await Assertions.Expect(essentials.Locator("li[data-indicator='debit-potentiel']")).ToContainTextAsync("1 Gbit/s ou plus");
        await Assertions.Expect(essentials.Locator("li[data-indicator='ent'] .demo-badge")).ToBeVisibleAsync();

        // The coverage statement names each source and what it covers.
        var coverage = page.Locator("#territoire-couverture");
        await Assertions.Expect(coverage).ToContainTextAsync("Annuaire de l'éducation");
        await Assertions.Expect(coverage.Locator("li[data-source='inventaire']")).ToContainTextAsync("en démonstration");
        await Assertions.Expect(coverage.Locator("li[data-source='ips']")).ToContainTextAsync("collège");

        // The indicators by component, with their breakdown and N.C.
        await Assertions.Expect(page.Locator("#territoire-connectivite tr[data-indicator='arcep-eligibles-30'] td").First).ToHaveTextAsync(new Regex(@"^\d+(,\d)?\u202f%$"));
        await Assertions.Expect(page.Locator("#territoire-equipement thead")).ToContainTextAsync("Collèges");
        await Assertions.Expect(page.Locator("#territoire-demo")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#etablissements-liste li").First).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task A_territory_deep_link_reloads_to_the_same_page_and_an_unknown_one_says_so()
    {
        var page = await _chromium.OpenAsync(host.Url + "/territoire/academie/16");
        await Assertions.Expect(page.Locator("#territoire-nom")).ToHaveTextAsync("Académie de Toulouse");
        await Assertions.Expect(page.Locator("#territoire-enfants")).ToContainTextAsync("Ses départements");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#territoire-nom")).ToHaveTextAsync("Académie de Toulouse");
        await Assertions.Expect(page.Locator("#breadcrumb")).ToContainTextAsync("Occitanie");

        await page.Locator(".site-nav a", new() { HasTextString = "France" }).ClickAsync();
        await Assertions.Expect(page.Locator("#territoire-nom")).ToHaveTextAsync("France");
        await Assertions.Expect(page.Locator("#territoire-enfants")).ToContainTextAsync("Ses régions");
        await Chromium.ScreenshotsAsync(page, "territoire-france");

        var missing = await _chromium.OpenAsync(host.Url + "/territoire/departement/99");
        await Assertions.Expect(missing.Locator("#introuvable-detail")).ToContainTextAsync("Aucun territoire departement de code 99");
        await Assertions.Expect(missing.Locator("#territoire")).ToBeHiddenAsync();
    }

    [SkippableFact]
    public async Task Both_fiches_download_as_pdf_from_their_button()
    {
        var page = await _chromium.OpenAsync(host.Url + "/etablissement/0311236A");
        await Assertions.Expect(page.Locator("#fiche-name")).ToHaveTextAsync("Collège Pierre de Fermat");
        var school = await page.RunAndWaitForDownloadAsync(() => page.Locator("#fiche-pdf").ClickAsync());
        Assert.Equal("ecarto-etablissement-0311236A.pdf", school.SuggestedFilename);
        Assert.StartsWith("%PDF-", await FirstBytesAsync(school));

        await page.Locator("#fiche-identity a", new() { HasTextString = "Haute-Garonne" }).ClickAsync();
        await Assertions.Expect(page.Locator("#territoire-nom")).ToHaveTextAsync("Haute-Garonne");
        var territory = await page.RunAndWaitForDownloadAsync(() => page.Locator("#territoire-pdf").ClickAsync());
        Assert.Equal("ecarto-departement-31.pdf", territory.SuggestedFilename);
        Assert.StartsWith("%PDF-", await FirstBytesAsync(territory));
        // Downloading left the page where it was.
        Assert.EndsWith("/territoire/departement/31", page.Url);

        var workbook = await page.RunAndWaitForDownloadAsync(() => page.Locator("#territoire-xlsx").ClickAsync());
        Assert.EndsWith(".xlsx", workbook.SuggestedFilename);
        Assert.StartsWith("PK", await FirstBytesAsync(workbook)); // a zip: the xlsx container
    }

    [SkippableFact]
    public async Task A_search_result_list_exports_to_excel_with_its_query_and_filters()
    {
        var page = await _chromium.OpenAsync(host.Url + "/?q=fermat&type=college");
        await Assertions.Expect(page.Locator("#results li").First).ToBeVisibleAsync();
        var button = page.Locator("#results-xlsx");
        await Assertions.Expect(button).ToHaveAttributeAsync("href", "/api/exports/etablissements.xlsx?q=fermat&type=college");
        var workbook = await page.RunAndWaitForDownloadAsync(() => button.ClickAsync());
        Assert.EndsWith(".xlsx", workbook.SuggestedFilename);
        Assert.StartsWith("PK", await FirstBytesAsync(workbook));
    }

    private static async Task<string> FirstBytesAsync(IDownload download)
    {
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);
        return System.Text.Encoding.ASCII.GetString(bytes, 0, 5);
    }

    [SkippableFact]
    public async Task Only_the_sites_pages_fall_back_to_the_page_and_every_response_carries_the_sites_headers()
    {
        using var http = new HttpClient();
        var deep = await http.GetAsync(host.Url + "/territoire/departement/31");
        Assert.Equal(System.Net.HttpStatusCode.OK, deep.StatusCode);
        Assert.Contains("<script type=\"module\" src=\"/js/app.js\">", await deep.Content.ReadAsStringAsync());
        Assert.Contains("default-src 'self'", deep.Headers.GetValues("Content-Security-Policy").Single());
        // Every header of staticwebapp.config.json, as Static Web Apps sends it, on the pages and on the 404 page.
        var site = StaticSiteConfig.Load(Path.Combine(RepositoryLayout.FindRoot()!, "static-site"));
        var missing = await http.GetAsync(host.Url + "/ailleurs/31");
        foreach (var response in new[] { deep, missing })
        {
            foreach (var (name, value) in site.GlobalHeaders) Assert.Equal(value, response.Headers.GetValues(name).Single());
        }
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(host.Url + "/ailleurs/31")).StatusCode);
        // An unknown API route stays an API 404, never the page.
        var api = await http.GetAsync(host.Url + "/api/inconnu");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, api.StatusCode);
        Assert.DoesNotContain("<html", await api.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Static_web_apps_serves_the_same_pages_and_headers_as_the_local_host()
    {
        var root = RepositoryLayout.FindRoot()!;
        var site = Path.Combine(root, "static-site");
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(site, StaticSiteConfig.FileName)));
        var fallback = config.RootElement.GetProperty("navigationFallback");
        Assert.Equal("/index.html", fallback.GetProperty("rewrite").GetString());
        var excluded = fallback.GetProperty("exclude").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("/api/*", excluded);
        // The local host answers the site's page routes with index.html, as the fallback does.
        Assert.All(StaticSiteConfig.PagePatterns, pattern => Assert.DoesNotContain(excluded, e => pattern.StartsWith(e!.TrimEnd('*'), StringComparison.Ordinal)));
        var headers = StaticSiteConfig.Load(site).GlobalHeaders;
        // A strict policy: scripts and styles from the site only, never inline; no framing; no plug-in.
        var csp = headers["Content-Security-Policy"].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("default-src 'self'", csp["default-src"]);
        Assert.Equal("script-src 'self'", csp["script-src"]);
        Assert.Equal("style-src 'self'", csp["style-src"]);
        Assert.Equal("frame-ancestors 'none'", csp["frame-ancestors"]);
        Assert.Equal("object-src 'none'", csp["object-src"]);
        Assert.Equal("base-uri 'self'", csp["base-uri"]);
        Assert.DoesNotContain("unsafe-", headers["Content-Security-Policy"]);
        Assert.Equal("nosniff", headers["X-Content-Type-Options"]);
        Assert.Equal("strict-origin-when-cross-origin", headers["Referrer-Policy"]);
        Assert.Contains("geolocation=(self)", headers["Permissions-Policy"].Split(',', StringSplitOptions.TrimEntries));
        // The same 404 page: Static Web Apps' responseOverrides, which the local host reads and serves.
        var notFound = config.RootElement.GetProperty("responseOverrides").GetProperty("404");
        Assert.Equal(404, notFound.GetProperty("statusCode").GetInt32());
        Assert.Equal(notFound.GetProperty("rewrite").GetString(), StaticSiteConfig.Load(site).NotFoundPage);
        Assert.True(File.Exists(Path.Combine(site, notFound.GetProperty("rewrite").GetString()!.TrimStart('/'))));
        // No page of the site carries an inline script or style, which the policy would block.
        foreach (var html in Directory.GetFiles(site, "*.html"))
        {
            var text = File.ReadAllText(html);
            Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", text);
            Assert.DoesNotMatch(@"\son[a-z]+=|\sstyle=|<style", text);
        }
    }
}
