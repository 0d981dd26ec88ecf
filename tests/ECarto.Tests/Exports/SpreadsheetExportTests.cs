using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ECarto.Exports.Spreadsheets;

namespace ECarto.Tests.Exports;

/// <summary>
/// The xlsx export of a territory, written from real API answers of the published sample
/// (<see cref="PublishedAnswers"/>) and read back with the Open XML SDK: the <i>Territoire</i> sheet's
/// figures, the schools' typed rows, the catalogue, the sources and the <i>À propos</i> sheet, the columns'
/// widths and number formats.
/// </summary>
public class SpreadsheetExportTests
{
    private static readonly DateTimeOffset Generated = new(2026, 11, 30, 21, 5, 0, TimeSpan.Zero);

    private sealed record Written(XlsxFile File, byte[] Bytes);

    private static async Task<Written> WriteAsync(bool withTerritory = true)
    {
        var schools = PublishedAnswers.Schools().Select(s => new SchoolRow(s.School, s.Commune)).ToList();
        var about = new ExportAbout("Haute-Garonne", [("Territoire", "Haute-Garonne (31)")], PublishedAnswers.Version, Generated);
        using var stream = new MemoryStream();
        await SchoolsExport.WriteAsync(stream, about, schools, PublishedAnswers.Catalogue,
            withTerritory ? PublishedAnswers.Json("territoire-departement-31") : null, CancellationToken.None);
        return new Written(new XlsxFile(stream.ToArray()), stream.ToArray());
    }

    private static string? Str(JsonElement e, string p) => e.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    [Fact]
    public async Task A_territorys_export_opens_on_its_territory_sheet_then_the_schools_catalogue_sources_and_about()
    {
        var file = (await WriteAsync()).File;
        Assert.Equal([SchoolsExport.TerritorySheet, SchoolsExport.SchoolsSheet, SchoolsExport.IndicatorsSheet, SchoolsExport.SourcesSheet, SchoolsExport.AboutSheet], file.SheetNames);
        Assert.Equal(TerritorySheetWriter.Columns.Select(c => c.Header), file.Headers(SchoolsExport.TerritorySheet));
        var (frozen, filter) = file.Views[SchoolsExport.TerritorySheet];
        Assert.True(frozen);
        Assert.Equal("A1:N1", filter);
        Assert.Equal("A1:K1", file.Views[SchoolsExport.IndicatorsSheet].AutoFilter);
        Assert.Equal("A1:F1", file.Views[SchoolsExport.SourcesSheet].AutoFilter);
        Assert.Null(file.Views[SchoolsExport.AboutSheet].AutoFilter);
        Assert.False(file.Views[SchoolsExport.AboutSheet].FrozenHeader);

        var withoutTerritory = (await WriteAsync(withTerritory: false)).File;
        Assert.DoesNotContain(SchoolsExport.TerritorySheet, withoutTerritory.SheetNames);
    }

    [Fact]
    public async Task The_territory_sheet_has_the_overall_figure_each_type_each_sector_and_each_parent_of_every_indicator()
    {
        var records = (await WriteAsync()).File.Records(SchoolsExport.TerritorySheet);
        var fiche = PublishedAnswers.Json("territoire-departement-31");

        // One row for the whole, one per type and sector given, one per parent: counted from the answer.
        var expected = fiche.GetProperty("indicators").EnumerateArray().Sum(i =>
            1 + Count(i, "byType") + Count(i, "bySector") + i.GetProperty("comparison").GetArrayLength());
        Assert.Equal(expected, records.Count);

        var network = records.Where(r => r["Identifiant"].Text == "reseau-4g").ToList();
        Assert.Equal(
        [
            ("Haute-Garonne (departement 31)", "Ensemble"), ("Haute-Garonne (departement 31)", "Écoles"), ("Haute-Garonne (departement 31)", "Collèges"),
            ("Haute-Garonne (departement 31)", "Lycées"), ("Haute-Garonne (departement 31)", "Lycées généraux et technologiques"),
            ("Haute-Garonne (departement 31)", "Lycées professionnels"), ("Haute-Garonne (departement 31)", "EREA"),
            ("Haute-Garonne (departement 31)", "Public"), ("Haute-Garonne (departement 31)", "Privé"),
            ("Toulouse (academie 16)", "Ensemble"), ("Occitanie (region 76)", "Ensemble"), ("France", "Ensemble"),
        ], network.Select(r => (r["Territoire"].Text, r["Ventilation"].Text)));
        var whole = network[0];
        Assert.Equal("Établissements avec un site 4G à moins de 2 km", whole["Indicateur"].Text);
        Assert.Equal("%", whole["Unité"].Text);
        Assert.Equal(83.40727595385981, whole["Valeur"].Number, 9);
        Assert.Equal(1139, whole["Établissements"].Number);
        Assert.Equal(1127, whole["Valeur connue"].Number);
        Assert.Equal(12, whole["N.C."].Number);
        Assert.Equal(1.0535557506584723, whole["Part de N.C. (%)"].Number, 9);
        Assert.Equal(0, whole["Chiffres de démonstration"].Number);
        Assert.True(whole["Tranches"].IsEmpty);
        // The territory itself is not compared: only its parents say whether they compare like with like.
        Assert.True(whole["Comparable à égalité"].IsEmpty);
        Assert.True(whole["Note de comparaison"].IsEmpty);
        Assert.Equal("oui", network[9]["Comparable à égalité"].Text);
        Assert.True(network[9]["Note de comparaison"].IsEmpty);
        Assert.Equal("non", network[11]["Comparable à égalité"].Text);
        Assert.Equal("Pour la France, seuls les collèges sont connus en entier : comparer les collèges (byType.college).", network[11]["Note de comparaison"].Text);
        var colleges = fiche.GetProperty("indicators").EnumerateArray().Single(i => Str(i, "id") == "reseau-4g").GetProperty("byType").GetProperty("college");
        Assert.Equal(colleges.GetProperty("value").GetDouble(), network[2]["Valeur"].Number, 9);
        Assert.Equal(colleges.GetProperty("schools").GetDouble(), network[2]["Établissements"].Number);

        // Bands: each by its label with its count; no value.
        var bandwidth = records.First(r => r["Identifiant"].Text == "debit-mesure");
        Assert.Equal("moins de 2 Mbit/s : 84 ; 2 à 10 Mbit/s : 308 ; 10 à 100 Mbit/s : 517 ; 100 Mbit/s et plus : 229", bandwidth["Tranches"].Text);
        Assert.True(bandwidth["Valeur"].IsEmpty);
        Assert.Equal(1138, bandwidth["Chiffres de démonstration"].Number);
        // The IPS of a collège only: no row for the other types.
        Assert.Equal(["Ensemble", "Collèges", "Public", "Privé", "Ensemble", "Ensemble", "Ensemble"],
            records.Where(r => r["Identifiant"].Text == "ips").Select(r => r["Ventilation"].Text));
        Assert.All(records, r => Assert.False(r["Identifiant"].IsFormula));
    }

    private static int Count(JsonElement indicator, string property) =>
        indicator.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Object ? v.EnumerateObject().Count() : 0;

    [Fact]
    public async Task Each_school_is_a_row_of_typed_cells_with_its_communes_network_and_its_demonstration_mark()
    {
        var schools = PublishedAnswers.Schools();
        var records = (await WriteAsync()).File.Records(SchoolsExport.SchoolsSheet);
        Assert.Equal(schools.Select(s => s.School.Uai), records.Select(r => r["UAI"].Text));

        var fermat = records[0];
        Assert.Equal("Lycée général Pierre de Fermat", fermat["Nom"].Text);
        Assert.Equal("Lycée", fermat["Type"].Text);
        Assert.Equal("Toulouse", fermat["Commune"].Text);
        Assert.Equal("31555", fermat["Code commune"].Text);
        Assert.False(fermat["Code commune"].IsNumber);
        Assert.Equal("Haute-Garonne", fermat["Département"].Text);
        Assert.Equal("Occitanie", fermat["Région"].Text);
        Assert.Equal("ouvert", fermat["État"].Text);
        Assert.Equal(957, fermat["Élèves"].Number);
        Assert.Equal(207, fermat["Terminaux pour les élèves"].Number);
        Assert.Equal(4.6, fermat["Élèves par terminal"].Number, 9);
        // The commune's figure, from its commune: 30 Mbit/s for all but a few premises of Toulouse.
        Assert.InRange(fermat["Locaux éligibles à 30 Mbit/s ou plus (commune) (%)"].Number, 99.99, 99.99999);
        Assert.Equal("100 Mbit/s et plus", fermat["Débit mesuré"].Text);
        Assert.Equal("oui", fermat["Établissements avec un site 4G à moins de 2 km (%)"].Text);
        Assert.Equal("non", fermat["Établissements e-FRAN"].Text);
        Assert.True(fermat["Élèves par terminal mobile"].IsEmpty);
        Assert.Equal(new DateTime(2024, 11, 26).ToOADate(), fermat["Date de l'inventaire numérique"].Number);
        Assert.Equal("Démonstration eCarto — données générées, non réelles", fermat["Producteur de l'inventaire numérique"].Text);
        Assert.Equal("oui", fermat["Données de démonstration"].Text);

        var clemence = records.Single(r => r["UAI"].Text == "0310037X");
        Assert.Equal(95.5, clemence["Indice de position sociale (collèges)"].Number);

        // The rectorat: no inventory, no demonstration, no sector.
        var rectorat = records.Single(r => r["UAI"].Text == "0310094J");
        Assert.Equal("non", rectorat["Données de démonstration"].Text);
        Assert.True(rectorat["Date de l'inventaire numérique"].IsEmpty);
        Assert.True(rectorat["Terminaux pour les élèves"].IsEmpty);
        Assert.True(rectorat["Secteur"].IsEmpty);
    }

    [Fact]
    public async Task A_cite_scolaires_types_are_listed_in_one_cell()
    {
        var (school, commune) = PublishedAnswers.Schools()[1];
        var about = new ExportAbout("Cité scolaire", [], PublishedAnswers.Version, Generated);
        using var stream = new MemoryStream();
        await SchoolsExport.WriteAsync(stream, about, [new SchoolRow(school with { Types = ["Collège", "Lycée"] }, commune)], PublishedAnswers.Catalogue, null, CancellationToken.None);
        Assert.Equal("Collège ; Lycée", new XlsxFile(stream.ToArray()).Records(SchoolsExport.SchoolsSheet).Single()["Type"].Text);
    }

    [Fact]
    public async Task A_school_known_only_from_the_national_colleges_file_cites_that_file_in_the_sources_sheet()
    {
        var (school, commune) = PublishedAnswers.Schools()[1];
        var fromColleges = school with { Source = ECarto.Establishments.SourceAttribution.For(ECarto.Sources.Colleges.CollegesSource.Definition, "2024-06-30") };
        var about = new ExportAbout("Collège", [], PublishedAnswers.Version, Generated);
        using var stream = new MemoryStream();
        await SchoolsExport.WriteAsync(stream, about, [new SchoolRow(fromColleges, commune)], PublishedAnswers.Catalogue, null, CancellationToken.None);

        var colleges = new XlsxFile(stream.ToArray()).Records(SchoolsExport.SourcesSheet).Single(r => r["Identifiant"].Text == "colleges");
        Assert.Equal("Ministère de l'Éducation nationale", colleges["Producteur"].Text);
        Assert.StartsWith("Adresse et géolocalisation des établissements", colleges["Jeu de données"].Text);
        Assert.Equal(new DateTime(2024, 6, 30).ToOADate(), colleges["Date"].Number);
        Assert.Equal("non", colleges["Données de démonstration"].Text);
    }

    [Fact]
    public async Task An_export_without_demonstration_figures_says_so_in_the_sources_and_about_sheets()
    {
        var rectorat = PublishedAnswers.Schools().Single(s => s.School.Uai == "0310094J");
        var about = new ExportAbout("Rectorat", [], PublishedAnswers.Version, Generated);
        using var stream = new MemoryStream();
        await SchoolsExport.WriteAsync(stream, about, [new SchoolRow(rectorat.School, rectorat.Commune)], PublishedAnswers.Catalogue, null, CancellationToken.None);
        var file = new XlsxFile(stream.ToArray());

        Assert.Equal("non", file.Records(SchoolsExport.SourcesSheet).Single(r => r["Identifiant"].Text == "inventaire")["Données de démonstration"].Text);
        Assert.Contains("(0 établissement(s) ici)", file[SchoolsExport.AboutSheet].Single(r => r[0].Text == "Démonstration")[1].Text);
    }

    [Fact]
    public async Task The_catalogue_sheet_defines_every_indicator_and_the_column_it_fills()
    {
        var records = (await WriteAsync()).File.Records(SchoolsExport.IndicatorsSheet);
        var catalogue = PublishedAnswers.Catalogue.GetProperty("indicators").EnumerateArray().ToList();
        Assert.Equal(catalogue.Select(i => Str(i, "id")), records.Select(r => r["Identifiant"].Text));

        var eligible = records.Single(r => r["Identifiant"].Text == "arcep-eligibles-30");
        Assert.Equal("Locaux éligibles à 30 Mbit/s ou plus (commune)", eligible["Libellé"].Text);
        Assert.Equal("Locaux éligibles à 30 Mbit/s ou plus (commune) (%)", eligible["En-tête dans « Établissements »"].Text);
        Assert.Equal("Connectivité", eligible["Composante"].Text);
        Assert.Equal("%", eligible["Unité"].Text);
        Assert.False(string.IsNullOrEmpty(eligible["Définition"].Text));
        Assert.Equal("part (en %) des locaux des communes du territoire : somme des locaux éligibles sur somme des locaux", eligible["Agrégation pour un territoire"].Text);
        Assert.Equal("tous", eligible["S'applique à"].Text);
        Assert.True(eligible["Tranches"].IsEmpty);
        Assert.Equal("Arcep, Ma connexion internet, statistiques par commune (commune_debit), 2022T4", eligible["Sources"].Text);
        Assert.Equal("non", eligible["Démonstration possible"].Text);

        var bandwidth = records.Single(r => r["Identifiant"].Text == "debit-mesure");
        Assert.Equal("moins de 2 Mbit/s ; 2 à 10 Mbit/s ; 10 à 100 Mbit/s ; 100 Mbit/s et plus", bandwidth["Tranches"].Text);
        Assert.Equal("oui", bandwidth["Démonstration possible"].Text);
        // Several sources, each cited.
        Assert.Equal("Arcep, Observatoire du haut et très haut débit, déploiements FttH par commune (ftthCommunes), 2018T1 ; "
            + "Arcep, Ma connexion internet, statistiques par commune (commune_debit), 2022T4", records.Single(r => r["Identifiant"].Text == "arcep-ftth")["Sources"].Text);
        Assert.Equal("Équipement", records.Single(r => r["Identifiant"].Text == "terminaux")["Composante"].Text);
        Assert.Equal("college", records.Single(r => r["Identifiant"].Text == "ips")["S'applique à"].Text);
        Assert.Equal("Élèves", records.Single(r => r["Identifiant"].Text == "eleves")["En-tête dans « Établissements »"].Text);
    }

    [Fact]
    public async Task The_sources_sheet_lists_each_source_once_with_its_date_and_how_many_schools_are_demonstrations()
    {
        var records = (await WriteAsync()).File.Records(SchoolsExport.SourcesSheet);
        var ids = records.Select(r => r["Identifiant"].Text!).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Distinct(), ids);
        Assert.Contains("annuaire", ids);
        Assert.Contains("ips", ids);

        var annuaire = records.Single(r => r["Identifiant"].Text == "annuaire");
        Assert.Equal("Ministère de l'Éducation nationale", annuaire["Producteur"].Text);
        Assert.Equal("Annuaire de l'éducation (fr-en-annuaire-education)", annuaire["Jeu de données"].Text);
        Assert.Equal(new DateTime(2024, 11, 26).ToOADate(), annuaire["Date"].Number);
        Assert.Equal("Licence Ouverte / Etalab 2.0", annuaire["Licence"].Text);
        Assert.Equal("non", annuaire["Données de démonstration"].Text);
        // A date that is not a day stays as its text.
        var fixe = records.Single(r => r["Identifiant"].Text == "arcep-fixe");
        Assert.Equal("2022T4", fixe["Date"].Text);
        // An indicator's source, from the catalogue: its producer, dataset and licence; never a demonstration.
        Assert.Equal("Arcep", fixe["Producteur"].Text);
        Assert.Equal("Ma connexion internet, statistiques par commune (commune_debit)", fixe["Jeu de données"].Text);
        Assert.Equal("Licence Ouverte / Etalab 2.0", fixe["Licence"].Text);
        Assert.Equal("non", fixe["Données de démonstration"].Text);
        Assert.False(records.Single(r => r["Identifiant"].Text == "arcep-fixe")["Date"].IsNumber);

        var demonstrations = PublishedAnswers.Schools().Count(s => s.School.Inventory?.IsDemonstration == true);
        Assert.Equal(4, demonstrations);
        Assert.Equal("oui : les chiffres de 4 établissement(s) de l'export sont de démonstration (aucun inventaire déposé)",
            records.Single(r => r["Identifiant"].Text == "inventaire")["Données de démonstration"].Text);
    }

    [Fact]
    public async Task The_about_sheet_says_what_was_exported_when_and_how_to_read_it()
    {
        var rows = (await WriteAsync()).File[SchoolsExport.AboutSheet];
        var lines = rows.ToDictionary(r => r[0].Text!, r => r[1]);

        Assert.Equal("Haute-Garonne", lines["Export"].Text);
        Assert.Equal("Haute-Garonne (31)", lines["Territoire"].Text);
        Assert.True(lines["Établissements"].IsNumber);
        Assert.Equal(6, lines["Établissements"].Number);
        Assert.Equal(PublishedAnswers.Version, lines["Version des données"].Text);
        Assert.Equal(Generated.UtcDateTime.ToOADate(), lines["Généré le (UTC)"].Number, 6);
        Assert.StartsWith("Une cellule vide d'indicateur veut dire « N.C. » (non communiqué)", lines["N.C."].Text);
        Assert.Contains("jamais zéro", lines["N.C."].Text);
        Assert.StartsWith("Là où aucune collectivité n'a déposé d'inventaire numérique", lines["Démonstration"].Text);
        Assert.Contains("(4 établissement(s) ici)", lines["Démonstration"].Text);
        Assert.Contains("pas pour l'établissement lui-même", lines["Réseau fixe"].Text);
        Assert.Contains("précédé d'une apostrophe", lines["Formules"].Text);
        Assert.Equal("Feuilles « Indicateurs » et « Sources ».", lines["Définitions et sources"].Text);
        Assert.Equal("Export", rows[0][0].Text);
    }

    [Fact]
    public async Task Columns_have_their_widths_and_numbers_their_formats()
    {
        var bytes = (await WriteAsync()).Bytes;
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var workbook = document.WorkbookPart!;
        var formats = workbook.WorkbookStylesPart!.Stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value!) ?? [];
        var cellFormats = workbook.WorkbookStylesPart.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        var fonts = workbook.WorkbookStylesPart.Stylesheet.Fonts!.Elements<Font>().ToList();
        WorksheetPart Part(string name) => (WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name).Id!);
        List<Cell> Row(string sheet, int index) => Part(sheet).Worksheet.Descendants<Row>().ElementAt(index).Elements<Cell>().ToList();
        string? FormatOf(Cell cell) => cell.StyleIndex is { } s && cellFormats[(int)s.Value].NumberFormatId?.Value is { } id && formats.TryGetValue(id, out var code) ? code : null;
        bool Bold(Cell cell) => cell.StyleIndex is { } s && cellFormats[(int)s.Value].FontId?.Value is { } f && fonts[(int)f].Bold is not null;
        double Width(string sheet, int column) => Part(sheet).Worksheet.Descendants<Column>().Single(c => c.Min!.Value <= column && column <= c.Max!.Value).Width!.Value;

        // Widths in characters, as declared for each column (the name is wide, a code narrow).
        Assert.Equal(SchoolRows.Columns.Select(c => c.Width), Enumerable.Range(1, SchoolRows.Columns.Count).Select(c => Width(SchoolsExport.SchoolsSheet, c)));
        Assert.Equal(TerritorySheetWriter.Columns.Select(c => c.Width), Enumerable.Range(1, TerritorySheetWriter.Columns.Length).Select(c => Width(SchoolsExport.TerritorySheet, c)));
        Assert.Equal([30, 100], new[] { Width(SchoolsExport.AboutSheet, 1), Width(SchoolsExport.AboutSheet, 2) });
        Assert.True(Width(SchoolsExport.SchoolsSheet, 2) > Width(SchoolsExport.SchoolsSheet, 1));

        // A header is bold; a count shows thousands, a share one decimal, a date as a day.
        Assert.All(Row(SchoolsExport.TerritorySheet, 0), c => Assert.True(Bold(c)));
        var territoryRow = Row(SchoolsExport.TerritorySheet, 1);
        Assert.Null(FormatOf(territoryRow[5]));
        Assert.Equal("#,##0", FormatOf(territoryRow[6]));
        Assert.Equal("0.0", FormatOf(territoryRow[9]));
        var headers = new XlsxFile(bytes).Headers(SchoolsExport.SchoolsSheet).ToList();
        var fermat = Row(SchoolsExport.SchoolsSheet, 1);
        Assert.Equal("#,##0", FormatOf(fermat[headers.IndexOf("Terminaux pour les élèves")]));
        Assert.Equal("0.0", FormatOf(fermat[headers.IndexOf("Élèves par terminal")]));
        Assert.Equal("dd/mm/yyyy", FormatOf(fermat[headers.IndexOf("Date de l'inventaire numérique")]));
        Assert.False(Bold(fermat[1]));
        var about = Part(SchoolsExport.AboutSheet).Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>().ToList()).ToList();
        Assert.All(about, r => Assert.True(Bold(r[0])));
        Assert.Equal("dd/mm/yyyy hh:mm", FormatOf(about.Single(r => r[1].CellValue?.Text is { } t && double.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 40000)[1]));
        Assert.Equal("dd/mm/yyyy", FormatOf(Row(SchoolsExport.SourcesSheet, 1)[3]));
        // The count of schools in the about sheet is a whole number; the explanations wrap in their wide column.
        Assert.Equal("#,##0", FormatOf(about.Single(r => r[1].CellValue?.Text == "6")[1]));
        bool Wraps(Cell cell) => cell.StyleIndex is { } s && cellFormats[(int)s.Value].Alignment?.WrapText?.Value == true;
        Assert.True(Wraps(about[0][1]));
        Assert.True(Wraps(Row(SchoolsExport.SchoolsSheet, 0)[1]));
        Assert.False(Wraps(fermat[1]));
        // The file says who made it and what about.
        Assert.Equal("eCarto", document.PackageProperties.Creator);
        Assert.Equal("Observatoire du numérique éducatif", document.PackageProperties.Subject);
        Assert.Equal("Haute-Garonne", document.PackageProperties.Title);
    }
}
