using System.Text.Json;
using System.Text.Json.Nodes;
using ECarto.Exports.Pdf;

namespace ECarto.Tests.Exports;

/// <summary>
/// What a PDF fiche says, built from real API answers of the published sample (<see cref="PublishedAnswers"/>):
/// every figure with its label, unit and source, N.C., the demonstration marks, the coverage, the comparison
/// and the breakdowns by type and sector, as a reader of the page reads them.
/// </summary>
public class FicheFromApiTests
{
    private const char Narrow = '\u202F';
    private static readonly DateTimeOffset Generated = new(2026, 11, 30, 21, 0, 0, TimeSpan.Zero);

    private static FicheDocument School(string uai) => FicheFromApi.School(PublishedAnswers.Json("etablissement-" + uai), Generated);

    private static FicheDocument Territory(string file) => FicheFromApi.Territory(PublishedAnswers.Json(file), PublishedAnswers.Catalogue, Generated);

    private static FicheSection Section(FicheDocument fiche, string title) => fiche.Sections.Single(s => s.Title == title);

    private static Dictionary<string, FicheFigure> Figures(FicheSection section) =>
        section.Blocks.OfType<FicheFigures>().SelectMany(f => f.Rows).ToDictionary(r => r.Label);

    private static string Pct(string number) => number + Narrow + "%";

    [Fact]
    public void A_school_fiche_has_its_name_kind_identity_and_version()
    {
        var fiche = School("0310036W");

        Assert.Equal("Lycée général Pierre de Fermat", fiche.Title);
        Assert.Equal("Lycée — secteur public", fiche.Subtitle);
        Assert.Equal(PublishedAnswers.Version, fiche.DataVersion);
        Assert.Equal(Generated, fiche.GeneratedAt);
        Assert.Equal(["Identité", "Connectivité", "Équipement", "Services et ressources", "Expérimentations", "Contexte"], fiche.Sections.Select(s => s.Title));
        var identity = Section(fiche, "Identité").Blocks.OfType<FicheFigures>().Single().Rows;
        Assert.Equal(
        [
            ("UAI", "0310036W"), ("Type", "Lycée"), ("Secteur", "Public"), ("Adresse", "Parvis des Jacobins, BP 91021, 31068 Toulouse"),
            ("Commune", "Toulouse (31555)"), ("Département", "Haute-Garonne (31)"), ("Académie", "Toulouse"), ("Région", "Occitanie"), ("État", "ouvert"),
        ], identity.Select(r => (r.Label, r.Value)));
        Assert.All(identity, r => Assert.Null(r.Source));
    }

    [Fact]
    public void A_school_in_a_commune_deleguee_names_it_after_todays_commune()
    {
        var identity = Figures(Section(School("0120028R"), "Identité"));
        Assert.Equal("Saint Geniez d'Olt et d'Aubrac (12224), commune déléguée Saint-Geniez-d'Olt", identity["Commune"].Value);
        Assert.Equal("Collège Denys Puech", School("0120028R").Title);
    }

    [Fact]
    public void A_school_without_sector_nor_state_leaves_those_lines_out()
    {
        var answer = JsonNode.Parse(PublishedAnswers.Json("etablissement-0310094J").GetRawText())!.AsObject();
        answer.Remove("state");
        var fiche = FicheFromApi.School(JsonSerializer.SerializeToElement(answer), Generated);

        // The rectorat has no sector: the subtitle is its type alone and there is no « Secteur » line.
        Assert.Equal("Service Administratif", fiche.Subtitle);
        var identity = Figures(Section(fiche, "Identité"));
        Assert.DoesNotContain("Secteur", identity.Keys);
        Assert.DoesNotContain("État", identity.Keys);
        Assert.Equal("Toulouse (31555)", identity["Commune"].Value);
    }

    [Fact]
    public void The_communes_fixed_network_comes_first_marked_as_the_communes_then_the_schools_own_figures()
    {
        var connectivity = Section(School("0310036W"), "Connectivité").Blocks;

        Assert.Equal("Réseau fixe de la commune de Toulouse", Assert.IsType<FicheSubheading>(connectivity[0]).Text);
        var note = Assert.IsType<FicheParagraph>(connectivity[1]);
        Assert.True(note.IsNote);
        Assert.Contains("ce n'est pas une mesure de l'établissement", note.Text);
        var commune = Assert.IsType<FicheFigures>(connectivity[2]).Rows;
        // The label loses its « (commune) »: the sub-heading says it.
        Assert.Equal(["Locaux éligibles à 8 Mbit/s ou plus", "Locaux éligibles à 30 Mbit/s ou plus", "Locaux éligibles à 100 Mbit/s ou plus",
            "Locaux éligibles à 1 Gbit/s ou plus", "Locaux raccordables à la fibre (FttH)"], commune.Select(r => r.Label));
        // 99.9997 % of the premises: never « 100 % » when some are not eligible.
        Assert.Equal([Pct("100"), Pct("99,9"), Pct("94,3"), Pct("93,8"), Pct("64,1")], commune.Select(r => r.Value));
        Assert.Equal("Arcep, Ma connexion internet, 2022T4", commune[1].Source);
        Assert.Equal("Arcep, Observatoire du haut et très haut débit, 2018T1 ; Arcep, Ma connexion internet, 2022T4", commune[4].Source);
        Assert.All(commune, r => Assert.False(r.IsDemonstration || r.IsNotCommunicated));
        Assert.Equal("L'établissement", Assert.IsType<FicheSubheading>(connectivity[3]).Text);
        var own = Assert.IsType<FicheFigures>(connectivity[4]).Rows;
        Assert.Equal(5, connectivity.Count);
        Assert.Equal(["Établissements avec un site 4G à moins de 2 km", "Débit mesuré", "Type d'accès à internet", "Établissements raccordés à la fibre optique", "Wifi"],
            own.Select(r => r.Label));
    }

    [Fact]
    public void Every_figure_of_the_school_reads_with_its_unit_its_source_and_its_demonstration_mark()
    {
        var fiche = School("0310036W");
        var connectivity = Figures(Section(fiche, "Connectivité"));
        var equipment = Figures(Section(fiche, "Équipement"));
        var services = Figures(Section(fiche, "Services et ressources"));
        var trials = Figures(Section(fiche, "Expérimentations"));
        var context = Figures(Section(fiche, "Contexte"));

        // Yes/no, with the 4G sites around the school and their operators.
        var network = connectivity["Établissements avec un site 4G à moins de 2 km"];
        Assert.Equal("oui — 140 sites 4G à moins de 2 km (Bouygues Telecom, Free Mobile, Orange, SFR)", network.Value);
        Assert.Equal("Arcep, Mon réseau mobile, 2018-01", network.Source);
        Assert.False(network.IsDemonstration);
        // A band by its label; a demonstration figure says so, and its source too.
        var bandwidth = connectivity["Débit mesuré"];
        Assert.Equal("100 Mbit/s et plus", bandwidth.Value);
        Assert.True(bandwidth.IsDemonstration);
        Assert.Equal("Inventaire numérique des établissements, démonstration", bandwidth.Source);
        Assert.Equal("fibre optique", connectivity["Type d'accès à internet"].Value);
        Assert.Equal("oui", connectivity["Établissements raccordés à la fibre optique"].Value);
        Assert.Equal("toutes les salles", connectivity["Wifi"].Value);
        // Numbers: whole, or with one decimal comma.
        Assert.Equal("207", equipment["Terminaux pour les élèves"].Value);
        Assert.Equal("0", equipment["Terminaux mobiles"].Value);
        Assert.Equal("4,6", equipment["Élèves par terminal"].Value);
        Assert.Equal("oui", equipment["Établissements avec au moins une imprimante 3D"].Value);
        // Not communicated: N.C., marked so, never a demonstration.
        var mobile = equipment["Élèves par terminal mobile"];
        Assert.Equal("N.C.", mobile.Value);
        Assert.True(mobile.IsNotCommunicated);
        Assert.False(mobile.IsDemonstration);
        Assert.Equal("oui", services["Établissements avec un ENT"].Value);
        Assert.Equal("7", services["Ressources numériques par établissement"].Value);
        Assert.Equal("non", trials["Établissements e-FRAN"].Value);
        Assert.True(trials["Établissements e-FRAN"].IsDemonstration);
        // Several sources: each cited, the long producers left out, the dataset cut before its details.
        var pupils = context["Élèves"];
        Assert.Equal("957", pupils.Value);
        Assert.Equal("Ministère de l'Éducation nationale, Annuaire de l'éducation, 2024-11-26 ; Ministère de l'Éducation nationale, Effectifs d'élèves par niveau, 2019-2021", pupils.Source);
        Assert.False(pupils.IsDemonstration);
        Assert.Equal("hors éducation prioritaire", context["Éducation prioritaire"].Value);
        // A section without commune figures has no sub-heading.
        Assert.IsType<FicheFigures>(Assert.Single(Section(fiche, "Équipement").Blocks));
    }

    [Fact]
    public void A_school_with_demonstration_figures_carries_the_banner_and_lists_every_source_with_its_licence()
    {
        var fiche = School("0310036W");

        Assert.Equal(FicheFromApi.DemonstrationText, fiche.DemonstrationBanner);
        Assert.Equal(
        [
            "Source : Ministère de l'Éducation nationale, Annuaire de l'éducation (fr-en-annuaire-education), 2024-11-26 (Licence Ouverte / Etalab 2.0)",
            "Source : Ministère de l'Éducation nationale, Effectifs d'élèves par niveau, sexe, langues vivantes 1 et 2 les plus fréquentes, par lycée général et technologique (fr-en-lycee_gt-effectifs-niveau-sexe-lv), 2019-2021 (Licence Ouverte / Etalab 2.0)",
            "Source : Arcep, Mon réseau mobile, sites 2G, 3G et 4G en France métropolitaine (Lambert-93), 2018-01 (Licence Ouverte / Etalab 2.0)",
            "Source : Producteur indiqué par la colonne « source » de chaque ligne (académie, collectivité ou enquête nationale), Inventaire numérique des établissements (schéma inventaire-numerique 0.2.0), démonstration (Licence Ouverte / Etalab 2.0) — données de démonstration",
            "Source : Arcep, Ma connexion internet, statistiques par commune (commune_debit), 2022T4 (Licence Ouverte / Etalab 2.0)",
            "Source : Arcep, Observatoire du haut et très haut débit, déploiements FttH par commune (ftthCommunes), 2018T1 (Licence Ouverte / Etalab 2.0)",
        ], fiche.Sources);
    }

    [Fact]
    public void A_school_without_any_demonstration_figure_has_no_banner()
    {
        var fiche = School("0310094J");
        Assert.Null(fiche.DemonstrationBanner);
        Assert.DoesNotContain(fiche.Sections.SelectMany(s => s.Blocks).OfType<FicheFigures>().SelectMany(f => f.Rows), r => r.IsDemonstration);
    }

    [Fact]
    public void A_school_without_4G_around_says_none_and_names_no_operator()
    {
        var network = Figures(Section(School("0120028R"), "Connectivité"))["Établissements avec un site 4G à moins de 2 km"];
        Assert.Equal("non — 0 sites 4G à moins de 2 km", network.Value);
    }

    [Fact]
    public void A_territory_fiche_is_titled_by_its_name_and_placed_among_its_parents()
    {
        var departement = Territory("territoire-departement-31");
        Assert.Equal("Haute-Garonne", departement.Title);
        Assert.Equal("Département 31 · académie de Toulouse · région Occitanie", departement.Subtitle);
        Assert.Equal(PublishedAnswers.Version, departement.DataVersion);
        Assert.Equal(Generated, departement.GeneratedAt);

        var academie = Territory("territoire-academie-16");
        Assert.Equal("Académie de Toulouse", academie.Title);
        Assert.Equal("Académie 16 · région Occitanie", academie.Subtitle);

        var france = Territory("territoire-france-FR");
        Assert.Equal("France", france.Title);
        Assert.Equal("Toute la France", france.Subtitle);
        Assert.Equal(["En bref", "Couverture des données", "Comparaison avec les territoires parents et la France", "Connectivité", "Équipement",
            "Services et ressources", "Expérimentations", "Contexte"], france.Sections.Select(s => s.Title));
    }

    [Fact]
    public void A_territory_fiche_counts_its_schools_by_type_and_says_which_source_covers_which()
    {
        var fiche = Territory("territoire-departement-31");

        var headline = Section(fiche, "En bref").Blocks.OfType<FicheFigures>().Single().Rows;
        Assert.Equal([("Établissements de l'observatoire", "1\u202F139"), ("École", "875"), ("Collège", "141"), ("Lycée", "122"), ("EREA", "1")],
            headline.Select(r => (r.Label, r.Value)));

        var coverage = Section(fiche, "Couverture des données").Blocks;
        Assert.StartsWith("Chaque chiffre n'est calculé que sur les établissements que sa source couvre", Assert.IsType<FicheParagraph>(coverage[0]).Text);
        var rows = Assert.IsType<FicheFigures>(coverage[1]).Rows;
        Assert.Equal(
        [
            ("Annuaire de l'éducation", "1\u202F139 établissements (141 collège, 1 erea, 122 lycée, 875 école)", false),
            ("Arcep, Mon réseau mobile, 2018-01", "1\u202F127 établissements (136 collège, 1 erea, 120 lycée, 870 école)", false),
            ("Ministère de l'Éducation nationale, Effectifs d'élèves par niveau, 2019-2021", "45 établissements (45 lycée)", false),
            ("Inventaire numérique des établissements, démonstration", "1\u202F138 établissements (141 collège, 122 lycée, 875 école), dont 1\u202F138 en démonstration", true),
            ("Indices de position sociale dans les collèges, 2023", "121 établissements (121 collège)", false),
        ], rows.Select(r => (r.Label, r.Value, r.IsDemonstration)));
        Assert.True(Assert.IsType<FicheParagraph>(coverage[2]).IsNote);
        Assert.Equal(FicheFromApi.DemonstrationText, fiche.DemonstrationBanner);
    }

    [Fact]
    public void The_comparison_draws_one_bar_per_territory_on_the_scale_of_its_indicator()
    {
        var fiche = Territory("territoire-departement-31");
        var comparison = Section(fiche, "Comparaison avec les territoires parents et la France").Blocks;

        // France's figure covers other school types than the département's: its bar is starred and the note says what to compare.
        Assert.Equal("* Pour la France, seuls les collèges sont connus en entier : comparer les collèges (byType.college).", Assert.IsType<FicheParagraph>(comparison[0]).Text);
        var chart = Assert.IsType<FicheChart>(comparison[1]);
        Assert.StartsWith("Comparaison, pour tous les établissements, de Haute-Garonne avec ses territoires parents et la France.", chart.Caption);
        Assert.Equal(
        [
            "Locaux éligibles à 30 Mbit/s ou plus (commune)", "Locaux raccordables à la fibre (FttH) (commune)", "Établissements avec un site 4G à moins de 2 km",
            "Établissements raccordés à la fibre optique (part, en %) (démo)", "Élèves par terminal (démo)", "Établissements avec au moins une imprimante 3D (démo)",
            "Établissements avec un ENT (démo)",
        ], chart.Groups.Select(g => g.Label));

        var network = chart.Groups.Single(g => g.Label == "Établissements avec un site 4G à moins de 2 km");
        Assert.Equal(100, network.Maximum);
        Assert.Equal(["Haute-Garonne", "Académie de Toulouse", "Occitanie", "France *"], network.Bars.Select(b => b.Name));
        Assert.Equal([true, false, false, false], network.Bars.Select(b => b.IsCurrent));
        Assert.Equal(83.407, network.Bars[0].Value!.Value, 3);
        Assert.Equal(Pct("83,4"), network.Bars[0].Text);

        // A count does not compare between territories: its share does (429 of 1 138 known schools).
        var fibre = chart.Groups.Single(g => g.Label.StartsWith("Établissements raccordés à la fibre optique", StringComparison.Ordinal));
        Assert.Equal(100, fibre.Maximum);
        Assert.Equal(429.0 / 1138 * 100, fibre.Bars[0].Value!.Value, 6);
        Assert.Equal(Pct("37,7"), fibre.Bars[0].Text);

        // A ratio is drawn on the scale of its largest value, as a number.
        var ratio = chart.Groups.Single(g => g.Label == "Élèves par terminal (démo)");
        Assert.Equal(ratio.Bars.Max(b => b.Value!.Value), ratio.Maximum);
        Assert.True(ratio.Maximum > 1);
        Assert.Equal("6,9", ratio.Bars[0].Text);
        Assert.Equal(6.9266, ratio.Bars[0].Value!.Value, 4);
    }

    [Fact]
    public void France_is_compared_with_nothing_and_its_bar_is_named_France()
    {
        var chart = Section(Territory("territoire-france-FR"), "Comparaison avec les territoires parents et la France").Blocks.OfType<FicheChart>().Single();
        Assert.All(chart.Groups, g => Assert.Equal(["France"], g.Bars.Select(b => b.Name)));
        Assert.StartsWith("Comparaison, pour tous les établissements, de la France avec", chart.Caption);
    }

    [Fact]
    public void Every_indicator_is_broken_down_by_type_and_by_sector_with_its_NC_share()
    {
        var fiche = Territory("territoire-departement-31");
        var connectivity = Section(fiche, "Connectivité").Blocks;
        var byType = Assert.IsType<FicheTable>(connectivity[0]);
        var bySector = Assert.IsType<FicheTable>(connectivity[1]);
        Assert.Equal(2, connectivity.Count);

        Assert.Equal(["Indicateur", "Ensemble", "Écoles", "Collèges", "Lycées", "Lycées généraux et technologiques", "Lycées professionnels", "EREA"], byType.Header);
        Assert.Equal(["Indicateur", "Ensemble", "Public", "Privé"], bySector.Header);
        Assert.Null(byType.Source);
        Assert.Equal("Source : Arcep, Ma connexion internet, 2022T4 ; Arcep, Observatoire du haut et très haut débit, 2018T1 ; Arcep, Mon réseau mobile, 2018-01 ; "
            + "Inventaire numérique des établissements, démonstration. « — » : chiffre des locaux des communes, sans ventilation.", bySector.Source);

        IReadOnlyList<string> Row(FicheTable table, string label) => table.Rows.Single(r => r[0] == label);
        // The communes' premises: one figure, no breakdown.
        Assert.Equal(["Locaux éligibles à 30 Mbit/s ou plus (commune)", Pct("99,9"), "—", "—", "—", "—", "—", "—"], Row(byType, "Locaux éligibles à 30 Mbit/s ou plus (commune)"));
        // A share, with the share of schools whose value is not known (12 of 1 139).
        var network = Row(byType, "Établissements avec un site 4G à moins de 2 km");
        Assert.Equal(Pct("83,4") + "\nN.C. : " + Pct("1,1"), network[1]);
        Assert.Equal(8, network.Count);
        // A count, demonstration-marked; bands as the share of each among the known schools (84 of 1 138 below 2 Mbit/s).
        Assert.StartsWith("429\nN.C. : " + Pct("0,1"), Row(byType, "Établissements raccordés à la fibre optique [démo]")[1]);
        Assert.Equal($"moins de 2 Mbit/s : {Pct("7,4")}\n2 à 10 Mbit/s : {Pct("27,1")}\n10 à 100 Mbit/s : {Pct("45,4")}\n100 Mbit/s et plus : {Pct("20,1")}\nN.C. : {Pct("0,1")}",
            Row(byType, "Débit mesuré [démo]")[1]);

        var equipment = Section(fiche, "Équipement").Blocks.OfType<FicheTable>().First();
        Assert.Equal("50\u202F585\nN.C. : " + Pct("0,1"), Row(equipment, "Terminaux pour les élèves [démo]")[1]);
        Assert.Equal("1 pour 6,9\nN.C. : " + Pct("22,0"), Row(equipment, "Élèves par terminal [démo]")[1]);

        var context = Section(fiche, "Contexte").Blocks.OfType<FicheTable>().ToList();
        var ips = Row(context[0], "Indice de position sociale (collèges)");
        // Only the collèges have an IPS: the other types have no figure.
        Assert.Equal("114,5\nN.C. : " + Pct("14,2"), ips[1]);
        Assert.Equal("—", ips[2]);
        Assert.DoesNotContain("N.C.", ips[3].Split('\n')[0]);
        Assert.Equal(4, Row(context[1], "Indice de position sociale (collèges)").Count);
    }

    [Fact]
    public void An_answer_without_its_group_labels_still_heads_its_tables_in_French()
    {
        var answer = JsonNode.Parse(PublishedAnswers.Json("territoire-departement-31").GetRawText())!.AsObject();
        answer.Remove("typeGroups");
        answer.Remove("sectors");
        var fiche = FicheFromApi.Territory(JsonSerializer.SerializeToElement(answer), PublishedAnswers.Catalogue, Generated);

        var tables = Section(fiche, "Connectivité").Blocks.OfType<FicheTable>().ToList();
        Assert.Equal(["Indicateur", "Ensemble", "Écoles", "Collèges", "Lycées", "Lycées GT", "Lycées pro.", "EREA"], tables[0].Header);
        Assert.Equal(["Indicateur", "Ensemble", "Public", "Privé"], tables[1].Header);
    }

    [Fact]
    public void A_school_whose_commune_is_unknown_heads_the_fixed_network_without_a_name()
    {
        var answer = JsonNode.Parse(PublishedAnswers.Json("etablissement-0310036W").GetRawText())!.AsObject();
        answer["school"]!.AsObject().Remove("communeName");
        var fiche = FicheFromApi.School(JsonSerializer.SerializeToElement(answer), Generated);

        Assert.Equal("Réseau fixe de la commune", Assert.IsType<FicheSubheading>(Section(fiche, "Connectivité").Blocks[0]).Text);
        var identity = Figures(Section(fiche, "Identité"));
        Assert.DoesNotContain("Commune", identity.Keys);
        Assert.Equal("Parvis des Jacobins, BP 91021, 31068", identity["Adresse"].Value);
    }
}
