using System.Globalization;
using System.Text.Json;
using ECarto.Sources.Inventaire;
using SpreadCheetah;

namespace ECarto.Exports.Spreadsheets;

/// <summary>What an export is about, for its <i>À propos</i> sheet: the selection in words, the data version and when it was made.</summary>
/// <param name="Selection">The query and filters, as label–value lines (« Recherche », « toulouse »).</param>
public sealed record ExportAbout(string Title, IReadOnlyList<(string Label, string Value)> Selection, string DataVersion, DateTimeOffset GeneratedAt);

/// <summary>
/// The xlsx export of a selection of schools: <i>Établissements</i> (one row per school), for a
/// territory <i>Territoire</i> first, then <i>Indicateurs</i> (the catalogue), <i>Sources</i> and
/// <i>À propos</i>. The catalogue and the territory come as the API's own answers (<c>/api/indicateurs</c>,
/// <c>/api/territoires/…</c>), so the file says what the pages say.
/// </summary>
public static class SchoolsExport
{
    public const string SchoolsSheet = "Établissements";
    public const string TerritorySheet = "Territoire";
    public const string IndicatorsSheet = "Indicateurs";
    public const string SourcesSheet = "Sources";
    public const string AboutSheet = "À propos";

    public static async Task WriteAsync(Stream stream, ExportAbout about, IEnumerable<SchoolRow> schools, JsonElement catalogue, JsonElement? territory, CancellationToken cancellationToken)
    {
        var output = new AsyncWriteStream(stream);
        await using (var workbook = await SpreadsheetWorkbook.CreateAsync(output, about.Title, cancellationToken))
        {
            await WriteSheetsAsync(workbook, about, schools, catalogue, territory, cancellationToken);
        }
        // The end of the archive, written synchronously by the zip writer when it closed: sent now.
        await output.FlushAsync(cancellationToken);
    }

    private static async Task WriteSheetsAsync(SpreadsheetWorkbook workbook, ExportAbout about, IEnumerable<SchoolRow> schools, JsonElement catalogue, JsonElement? territory, CancellationToken cancellationToken)
    {
        if (territory is { } fiche) await TerritorySheetWriter.WriteAsync(workbook, fiche, catalogue, cancellationToken);

        await workbook.StartSheetAsync(SchoolsSheet, SchoolRows.Columns, cancellationToken);
        var values = new object?[SchoolRows.Columns.Count];
        var cells = new Cell[values.Length];
        var sources = new SortedDictionary<string, Establishments.SourceAttribution>(StringComparer.Ordinal);
        var (count, demonstrations) = (0, 0);
        // The rows may be decoded one at a time as they are written (ExportSchools): enumerated once.
        foreach (var row in schools)
        {
            count++;
            SchoolRows.Fill(row, values);
            await workbook.AddRowAsync(SchoolRows.Columns, values, cells, cancellationToken);
            sources.TryAdd(row.School.Source.SourceId, row.School.Source);
            if (row.School.Inventory?.IsDemonstration == true) demonstrations++;
        }

        await WriteIndicatorsAsync(workbook, catalogue, cancellationToken);
        await WriteSourcesAsync(workbook, catalogue, sources.Values, demonstrations, cancellationToken);
        await WriteAboutAsync(workbook, about, count, demonstrations, cancellationToken);
        await workbook.FinishAsync(cancellationToken);
    }

    private static readonly SheetColumn[] IndicatorColumns =
    [
        new("Identifiant", SheetColumnKind.Text, 22),
        new("Libellé", SheetColumnKind.Text, 40),
        new("En-tête dans « Établissements »", SheetColumnKind.Text, 40),
        new("Composante", SheetColumnKind.Text, 20),
        new("Unité", SheetColumnKind.Text, 16),
        new("Définition", SheetColumnKind.Text, 70),
        new("Agrégation pour un territoire", SheetColumnKind.Text, 40),
        new("S'applique à", SheetColumnKind.Text, 12),
        new("Tranches", SheetColumnKind.Text, 30),
        new("Sources", SheetColumnKind.Text, 60),
        new("Démonstration possible", SheetColumnKind.Text, 14),
    ];

    private static async Task WriteIndicatorsAsync(SpreadsheetWorkbook workbook, JsonElement catalogue, CancellationToken cancellationToken)
    {
        await workbook.StartSheetAsync(IndicatorsSheet, IndicatorColumns, cancellationToken);
        var components = catalogue.GetProperty("components").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("label").GetString()!);
        var rules = catalogue.GetProperty("aggregations");
        var values = new object?[IndicatorColumns.Length];
        var cells = new Cell[values.Length];
        foreach (var i in catalogue.GetProperty("indicators").EnumerateArray())
        {
            var id = Text(i, "id");
            var aggregation = Text(i, "aggregation");
            values[0] = id;
            values[1] = Text(i, "label");
            values[2] = Indicators.IndicatorCatalogue.Find(id ?? "") is { } known ? SchoolRows.HeaderOf(known) : null;
            values[3] = components.GetValueOrDefault(Text(i, "component") ?? "");
            values[4] = Text(i, "unit");
            values[5] = Text(i, "definition");
            values[6] = aggregation is not null && rules.TryGetProperty(aggregation, out var rule) ? rule.GetString() : aggregation;
            values[7] = Text(i, "appliesTo") ?? "tous";
            values[8] = i.TryGetProperty("bands", out var bands) && bands.ValueKind == JsonValueKind.Array
                ? string.Join(" ; ", bands.EnumerateArray().Select(b => Text(b, "label"))) : null;
            values[9] = string.Join(" ; ", i.GetProperty("sources").EnumerateArray().Select(Citation));
            values[10] = i.TryGetProperty("canBeDemonstration", out var demo) && demo.GetBoolean() ? SchoolRows.Yes : SchoolRows.No;
            await workbook.AddRowAsync(IndicatorColumns, values, cells, cancellationToken);
        }
    }

    private static readonly SheetColumn[] SourceColumns =
    [
        new("Identifiant", SheetColumnKind.Text, 22),
        new("Producteur", SheetColumnKind.Text, 40),
        new("Jeu de données", SheetColumnKind.Text, 60),
        new("Date", SheetColumnKind.Date, 12),
        new("Licence", SheetColumnKind.Text, 30),
        new("Données de démonstration", SheetColumnKind.Text, 50),
    ];

    private static async Task WriteSourcesAsync(SpreadsheetWorkbook workbook, JsonElement catalogue, IEnumerable<Establishments.SourceAttribution> identities, int demonstrations, CancellationToken cancellationToken)
    {
        await workbook.StartSheetAsync(SourcesSheet, SourceColumns, cancellationToken);
        var rows = new SortedDictionary<string, object?[]>(StringComparer.Ordinal);
        // The identity sources of the listed schools (the annuaire, the national collèges file), then the indicators' sources.
        foreach (var s in identities) rows.TryAdd(s.SourceId, [s.SourceId, s.Producer, s.Dataset, DateOf(s.Date), s.Licence, SchoolRows.No]);
        foreach (var s in catalogue.GetProperty("indicators").EnumerateArray().SelectMany(i => i.GetProperty("sources").EnumerateArray()))
        {
            var id = Text(s, "id") ?? "";
            var demonstration = id == InventaireSource.Definition.Id
                ? demonstrations > 0 ? $"oui : les chiffres de {demonstrations} établissement(s) de l'export sont de démonstration (aucun inventaire déposé)" : SchoolRows.No
                : SchoolRows.No;
            rows.TryAdd(id, [id, Text(s, "producer"), Text(s, "dataset"), DateOf(Text(s, "date")), Text(s, "licence"), demonstration]);
        }
        var cells = new Cell[SourceColumns.Length];
        foreach (var values in rows.Values) await workbook.AddRowAsync(SourceColumns, values, cells, cancellationToken);
    }

    private static async Task WriteAboutAsync(SpreadsheetWorkbook workbook, ExportAbout about, int count, int demonstrations, CancellationToken cancellationToken)
    {
        await workbook.StartNotesAsync(AboutSheet, 30, 100, cancellationToken);
        await workbook.AddNoteAsync("Export", about.Title, cancellationToken);
        foreach (var (label, value) in about.Selection) await workbook.AddNoteAsync(label, value, cancellationToken);
        await workbook.AddNoteAsync("Établissements", count, cancellationToken);
        await workbook.AddNoteAsync("Version des données", about.DataVersion, cancellationToken);
        await workbook.AddNoteAsync("Généré le (UTC)", about.GeneratedAt.UtcDateTime, cancellationToken);
        await workbook.AddNoteAsync("N.C.", "Une cellule vide d'indicateur veut dire « N.C. » (non communiqué) : la source ne donne pas la valeur pour cet établissement, "
            + "ou l'indicateur ne le concerne pas (l'IPS ne concerne que les collèges). Ce n'est jamais zéro.", cancellationToken);
        await workbook.AddNoteAsync("Démonstration", "Là où aucune collectivité n'a déposé d'inventaire numérique, les chiffres de l'inventaire (débit, équipement, ENT, expérimentations) "
            + $"sont générés pour la démonstration : la colonne « Données de démonstration » le dit, ligne par ligne ({demonstrations} établissement(s) ici). Ils ne décrivent pas l'établissement réel.", cancellationToken);
        await workbook.AddNoteAsync("Réseau fixe", "Les colonnes « (commune) » sont les chiffres de l'Arcep pour tous les locaux de la commune de l'établissement, pas pour l'établissement lui-même.", cancellationToken);
        await workbook.AddNoteAsync("Formules", "Aucune cellule n'est une formule : un texte des données qui commence par =, +, -, @, une tabulation ou un retour chariot est précédé d'une apostrophe.", cancellationToken);
        await workbook.AddNoteAsync("Définitions et sources", "Feuilles « Indicateurs » et « Sources ».", cancellationToken);
    }

    internal static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>« producteur, jeu de données, date ».</summary>
    private static string Citation(JsonElement source) =>
        string.Join(", ", new[] { Text(source, "producer"), Text(source, "dataset"), Text(source, "date") }.Where(t => !string.IsNullOrEmpty(t)));

    /// <summary>A source's date as a date cell when it is one (2024-06-30), else as its text.</summary>
    private static object? DateOf(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date.ToDateTime(TimeOnly.MinValue) : text;
}
