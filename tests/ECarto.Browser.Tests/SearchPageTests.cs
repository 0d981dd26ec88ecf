using Microsoft.Playwright;

namespace ECarto.Browser.Tests;

/// <summary>A person's path through the search page, in Debian's Chromium.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class SearchPageTests(LocalHostFixture host) : IAsyncLifetime
{
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    private Task<IPage> OpenAsync(string query = "") => _chromium.OpenAsync(host.Url + query);

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
        // The fiche has its own address, which the back button leaves for the results.
        Assert.EndsWith("/etablissement/0310036W", page.Url);

        // Its digital inventory is demonstration data, and says so.
        await Assertions.Expect(page.Locator("#fiche-demo")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#fiche-demo")).ToContainTextAsync("Données de démonstration");
        await Assertions.Expect(page.Locator("#comp-equipement")).ToContainTextAsync("Terminaux");
        await Assertions.Expect(page.Locator("#comp-equipement .demo-badge").First).ToHaveTextAsync("démo");

        await page.GoBackAsync();
        await Assertions.Expect(page.Locator("#results li[data-uai='0310036W']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#q")).ToHaveValueAsync("Pierre de Fermat");
        await Assertions.Expect(page.Locator("#fiche")).ToBeHiddenAsync();
    }

    [SkippableFact]
    public async Task The_suggestions_are_navigable_with_the_keyboard_and_open_the_chosen_page()
    {
        var page = await OpenAsync();
        await page.FillAsync("#q", "fermat toulouse");
        var options = page.Locator("#suggestions [role=option]");
        await Assertions.Expect(options.First).ToBeVisibleAsync();
        Assert.True(await options.CountAsync() >= 2);
        var second = await options.Nth(1).GetAttributeAsync("data-url");

        await page.PressAsync("#q", "ArrowDown");
        await page.PressAsync("#q", "ArrowDown");
        await Assertions.Expect(page.Locator("#q")).ToHaveAttributeAsync("aria-activedescendant", "suggestion-1");
        await Assertions.Expect(options.Nth(1)).ToHaveAttributeAsync("aria-selected", "true");
        await page.PressAsync("#q", "Enter");

        // Expect polls the address: a pushState is not a navigation that a waiter set up after it could miss.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(second!) + "$"));
        await Assertions.Expect(page.Locator(second!.StartsWith("/etablissement/") ? "#fiche-name" : "#territoire-nom")).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task A_departement_number_and_an_academie_name_are_suggested_as_territories()
    {
        var page = await OpenAsync();
        await page.FillAsync("#q", "31");
        var departement = page.Locator("#suggestions [role=option][data-niveau='departement']").First;
        await Assertions.Expect(departement).ToContainTextAsync("Haute-Garonne");
        // The exact code first: the département, before the communes of the département.
        await Assertions.Expect(page.Locator("#suggestions [role=option]").First).ToHaveAttributeAsync("data-niveau", "departement");
        await Chromium.ScreenshotsAsync(page, "suggestions");

        await page.FillAsync("#q", "academie de montpelier");
        var academie = page.Locator("#suggestions [role=option][data-niveau='academie']").First;
        await Assertions.Expect(academie).ToContainTextAsync("Montpellier");
        await academie.ClickAsync();
        await Assertions.Expect(page.Locator("#territoire-nom")).ToHaveTextAsync("Académie de Montpellier");
        Assert.EndsWith("/territoire/academie/11", page.Url);
    }

    [SkippableFact]
    public async Task The_academie_entry_lists_the_academies_and_opens_one()
    {
        var page = await OpenAsync();
        await page.Locator(".entries a", new() { HasTextString = "les académies" }).ClickAsync();
        await Assertions.Expect(page.Locator("#liste-titre")).ToHaveTextAsync("Les académies");
        Assert.EndsWith("/territoires/academie", page.Url);
        var toulouse = page.Locator("#liste-table tr[data-code='16'] a");
        await Assertions.Expect(toulouse).ToHaveTextAsync("Académie de Toulouse");
        Assert.True(await page.Locator("#liste-table tbody tr").CountAsync() >= 30);
        await Chromium.ScreenshotsAsync(page, "liste-academies");
        await toulouse.ClickAsync();
        await Assertions.Expect(page.Locator("#territoire-nom")).ToHaveTextAsync("Académie de Toulouse");
        await page.GoBackAsync();
        await Assertions.Expect(page.Locator("#liste-titre")).ToHaveTextAsync("Les académies");
    }

    [SkippableFact]
    public async Task A_misspelled_school_name_is_found()
    {
        var page = await OpenAsync();
        await page.FillAsync("#q", "siomne veil");
        await Assertions.Expect(page.Locator("#results li .name a").First).ToContainTextAsync("Simone Veil");
    }

    [SkippableFact]
    public async Task A_filter_combination_lives_in_the_address_reopens_the_same_results_and_back_steps_back()
    {
        var page = await OpenAsync("/?type=college&secteur=public&territoire=departement:31");
        var first = page.Locator("#results li").First;
        await Assertions.Expect(first).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#filtres")).ToHaveAttributeAsync("open", "");
        await Assertions.Expect(page.Locator("#secteur")).ToHaveValueAsync("public");
        var status = await page.Locator("#status").TextContentAsync();
        var badges = await page.Locator("#results li .badge").AllTextContentsAsync();
        Assert.All(badges, badge => Assert.Equal("Collège", badge));
        Assert.All(await page.Locator("#results li .meta").AllTextContentsAsync(), meta => Assert.Contains("Haute-Garonne (31)", meta));
        // Each sector offers how many results it would leave.
        await Assertions.Expect(page.Locator("#secteur option[value='prive']")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\(\d+\)"));
        // The territory field suggests the départements of the chosen territory with their counts.
        await Assertions.Expect(page.Locator("#territoire-filtre-facettes option[value='departement:31']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Haute-Garonne \(31\) \(\d+\)$"));

        // The same address in a new page: the same results.
        var again = await OpenAsync("/?type=college&secteur=public&territoire=departement:31");
        await Assertions.Expect(again.Locator("#results li").First).ToHaveAttributeAsync("data-uai", (await first.GetAttributeAsync("data-uai"))!);
        await Assertions.Expect(again.Locator("#status")).ToHaveTextAsync(status!);

        // Another sector is a new address; Back returns to the public ones.
        await page.SelectOptionAsync("#secteur", "prive");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("secteur=prive"));
        await Assertions.Expect(page.Locator("#status")).Not.ToHaveTextAsync(status!);
        await Chromium.ScreenshotsAsync(page, "recherche-filtres");
        await page.GoBackAsync();
        Assert.Contains("secteur=public", page.Url);
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync(status!);
        await Assertions.Expect(page.Locator("#secteur")).ToHaveValueAsync("public");
    }

    [SkippableFact]
    public async Task Around_a_commune_the_nearest_school_comes_first_with_its_distance()
    {
        var page = await OpenAsync();
        await page.FillAsync("#adresse", "Albi");
        await page.Locator("#autour button[type=submit]").ClickAsync();
        var items = page.Locator("#autour-liste li");
        await Assertions.Expect(items.First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#autour-statut")).ToContainTextAsync("Albi");
        var metas = await page.Locator("#autour-liste li .meta").AllTextContentsAsync();
        var metres = metas.Select(m =>
        {
            var match = System.Text.RegularExpressions.Regex.Match(m, @"^([\d\s\u202f\u00a0]+(?:,\d)?) (m|km)");
            Assert.True(match.Success, m);
            var value = double.Parse(new string(match.Groups[1].Value.Where(c => char.IsDigit(c) || c == ',').ToArray()).Replace(',', '.'), System.Globalization.CultureInfo.InvariantCulture);
            return match.Groups[2].Value == "km" ? value * 1000 : value;
        }).ToList();
        Assert.Equal(metres.Order(), metres);
        await Chromium.ScreenshotsAsync(page, "autour-albi");
        await items.First.Locator("a").ClickAsync();
        await Assertions.Expect(page.Locator("#fiche-name")).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task A_search_without_match_says_so()
    {
        var page = await OpenAsync();
        await page.FillAsync("#q", "zzzz introuvable");
        // The answer explains itself and says what to try.
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Aucun résultat pour « zzzz introuvable » : vérifiez l'orthographe");
    }

    [SkippableFact]
    public async Task The_home_page_lists_schools_and_other_entries_only_through_the_type_filter()
    {
        var page = await OpenAsync();
        await Assertions.Expect(page.Locator("#results li").First).ToBeVisibleAsync();
        // Only écoles, collèges, lycées and EREA; a collège whose official name is a placeholder gets a real one.
        var badges = await page.Locator("#results li .badge").AllTextContentsAsync();
        Assert.NotEmpty(badges);
        Assert.All(badges, badge => Assert.Contains(badge, new[] { "École", "Collège", "Lycée", "EREA" }));
        await Assertions.Expect(page.Locator("#results")).Not.ToContainTextAsync("A COMPLETER");
        await Assertions.Expect(page.Locator("#type optgroup")).ToHaveAttributeAsync("label", new System.Text.RegularExpressions.Regex("Hors observatoire"));
        await Chromium.ScreenshotsAsync(page, "accueil");

        await page.SelectOptionAsync("#type", "information-et-orientation");
        await Assertions.Expect(page.Locator("#results li").First).ToContainTextAsync("Information et orientation");
        Assert.Contains("type=information-et-orientation", page.Url);
        await page.SelectOptionAsync("#type", "non-renseigne");
        await Assertions.Expect(page.Locator("#results li").First).ToContainTextAsync("non renseigné");
    }

    [SkippableFact]
    public async Task A_school_in_a_commune_nouvelle_shows_todays_commune_and_its_commune_deleguee()
    {
        // A link shared before fiches had their own address (/?uai=) still opens the fiche, at its new address.
        var page = await OpenAsync("/?uai=0320241N");
        await Assertions.Expect(page.Locator("#fiche-identity")).ToContainTextAsync("Cap d'Astarac (32365), commune déléguée Saint-Blancard");
        await Assertions.Expect(page.Locator("#fiche-identity")).ToContainTextAsync("ouvert");
        Assert.EndsWith("/etablissement/0320241N", page.Url);
        await Assertions.Expect(page.Locator("#fiche-state")).ToBeHiddenAsync();
        await Chromium.ScreenshotsAsync(page, "fiche-commune-deleguee", page.Locator("#fiche-name"));
        await Chromium.ScreenshotsAsync(page, "fiche-commune-deleguee-identite", page.Locator("#fiche-identity"));
    }

    [SkippableFact]
    public async Task A_college_without_known_pupils_shows_pupils_per_terminal_as_nc()
    {
        // No source gives the pupils of a collège here: the demonstration inventory must not invent them.
        var page = await OpenAsync("/etablissement/0311236A");
        await Assertions.Expect(page.Locator("#fiche-name")).ToHaveTextAsync("Collège Pierre de Fermat");
        await Assertions.Expect(page.Locator("#fiche-demo")).ToBeVisibleAsync();
        var perTerminal = page.Locator("#comp-equipement dt", new() { HasTextString = "Élèves par terminal" }).First;
        await Assertions.Expect(perTerminal.Locator("xpath=following-sibling::dd[1]")).ToContainTextAsync("N.C. (effectif inconnu)");
        await Assertions.Expect(page.Locator("#comp-contexte")).ToContainTextAsync("N.C.");
        await Chromium.ScreenshotsAsync(page, "fiche-college-sans-effectif", page.Locator("#comp-equipement"));
    }
}
