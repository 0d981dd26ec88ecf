using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ECarto.Browser.Tests;

/// <summary>
/// Every page type under axe-core in Debian's Chromium: no serious or critical violation, and no
/// Content-Security-Policy violation in the console. Also what axe cannot judge: the skip link, the focus,
/// the live regions and the French formatting of the figures.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class AccessibilityTests(LocalHostFixture host) : IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    /// <summary>The page types: what to open, and what shows once the page is ready.</summary>
    public static TheoryData<string, string, string> PageTypes() => new()
    {
        { "accueil", "/", "#search-title" },
        { "resultats", "/?q=fermat", "#results li" },
        { "fiche-etablissement", "/etablissement/0310036W", "#comp-connectivite" },
        { "fiche-territoire", "/territoire/departement/31", "#territoire-graphique svg" },
        { "liste-territoires", "/territoires/departement", "#liste-table tbody tr" },
        { "autour-d-un-lieu", "/", "#search-title" },
        { "carte", "/carte", "#carte-tableau tbody tr" },
        { "carte-departement", "/carte?niveau=departement&territoire=departement:31", "#carte-tableau tbody tr" },
        { "erreur-404", "/ailleurs/31", "#introuvable-titre" },
        { "etablissement-inconnu", "/etablissement/0000000X", "#introuvable-detail:not(:empty)" },
    };

    [SkippableTheory]
    [MemberData(nameof(PageTypes))]
    public async Task Each_page_type_has_no_serious_axe_violation_and_no_csp_violation(string name, string path, string ready)
    {
        var page = await _chromium.OpenAsync("about:blank");
        var console = new List<string>();
        page.Console += (_, message) => { if (message.Type is "error" or "warning") console.Add(message.Text); };
        page.PageError += (_, error) => console.Add(error);
        await page.GotoAsync(host.Url + path);
        await Assertions.Expect(page.Locator(ready).First).ToBeVisibleAsync();
        if (name == "autour-d-un-lieu")
        {
            await page.FillAsync("#adresse", "Albi");
            await page.Locator("#autour button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator("#autour-liste li").First).ToBeVisibleAsync();
        }

        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{name} ({path}) : {serious.Count} violation(s) axe graves ou critiques\n{Describe(serious)}");
        Assert.True(result.Passes.Length > 0, "axe n'a rien vérifié");

        var csp = console.Where(text => text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(csp.Count == 0, $"{name} ({path}) : violation(s) de la CSP\n{string.Join("\n", csp)}");
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
    }

    private static string Describe(IEnumerable<AxeResultItem> violations)
    {
        var text = new StringBuilder();
        foreach (var violation in violations)
        {
            text.AppendLine($"- [{violation.Impact}] {violation.Id} : {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes.Take(5)) text.AppendLine($"    {node.Target} : {node.Html}");
        }
        return text.ToString();
    }

    [SkippableFact]
    public async Task The_skip_link_comes_first_shows_on_focus_and_leads_to_the_content()
    {
        var page = await _chromium.OpenAsync(host.Url + "/territoire/departement/31");
        await Assertions.Expect(page.Locator("#territoire-nom")).ToHaveTextAsync("Haute-Garonne");
        await page.Keyboard.PressAsync("Tab");
        var skip = page.Locator("a.skip");
        await Assertions.Expect(skip).ToBeFocusedAsync();
        await Assertions.Expect(skip).ToHaveTextAsync("Aller au contenu");
        // Visible once focused: inside the screen, with a focus outline.
        var box = await skip.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box!.X >= 0 && box.Y >= 0, $"le lien d'évitement reste hors de l'écran ({box.X}, {box.Y})");
        var outline = await skip.EvaluateAsync<string>("a => getComputedStyle(a).outlineStyle");
        Assert.NotEqual("none", outline);
        await page.Keyboard.PressAsync("Enter");
        Assert.EndsWith("#main", page.Url);
        await Chromium.ScreenshotsAsync(page, "lien-evitement", page.Locator("header"));
    }

    [SkippableFact]
    public async Task The_results_are_announced_and_the_figures_read_the_french_way()
    {
        var page = await _chromium.OpenAsync(host.Url + "/?q=lycee");
        await Assertions.Expect(page.Locator("#results li").First).ToBeVisibleAsync();
        // The count of results is said by a polite live region, outside the list it describes.
        await Assertions.Expect(page.Locator("#status")).ToHaveAttributeAsync("aria-live", "polite");
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d"));
        await Assertions.Expect(page.Locator("#autour-statut")).ToHaveAttributeAsync("aria-live", "polite");

        // France's figures: thousands with a narrow no-break space, decimals with a comma, « % » after a narrow no-break space.
        await page.GotoAsync(host.Url + "/territoire/france");
        await Assertions.Expect(page.Locator("#territoire-nom")).ToHaveTextAsync("France");
        var headline = string.Join(" | ", await page.Locator("#territoire-chiffres dd").AllTextContentsAsync());
        Assert.Matches(@"\d\u202f\d{3}", headline);
        var cells = await page.Locator("#territoire-indicateurs td").AllTextContentsAsync();
        var numbers = cells.Where(c => c.Any(char.IsDigit)).ToList();
        Assert.NotEmpty(numbers);
        Assert.Contains(numbers, c => System.Text.RegularExpressions.Regex.IsMatch(c, @"\d,\d\u202f%"));
        foreach (var cell in numbers)
        {
            Assert.DoesNotMatch(@"\d\.\d", cell);          // no decimal point
            Assert.DoesNotMatch(@"\d[ \u00a0]?%", cell);        // « 12 % » with a narrow no-break space only
            Assert.DoesNotMatch(@"\d[ \u00a0]\d{3}\b", cell);  // thousands with a narrow no-break space, not a plain one
        }
    }

    [SkippableFact]
    public async Task Every_control_has_a_label()
    {
        foreach (var path in new[] { "/", "/territoire/departement/31" })
        {
            var page = await _chromium.OpenAsync(host.Url + path);
            await Assertions.Expect(page.Locator("main h1:visible").First).ToBeVisibleAsync();
            var unlabelled = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('input, select, textarea')]
                .filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby'))
                .map(c => c.id || c.name || c.outerHTML)");
            Assert.True(unlabelled.Length == 0, $"{path} : contrôle(s) sans étiquette : {string.Join(", ", unlabelled)}");
        }
    }
}
