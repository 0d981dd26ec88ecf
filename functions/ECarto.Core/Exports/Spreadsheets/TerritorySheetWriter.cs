using System.Text.Json;
using SpreadCheetah;

namespace ECarto.Exports.Spreadsheets;

/// <summary>
/// The <i>Territoire</i> sheet, from the territory's API answer: for each indicator, one row for the
/// territory as a whole (« Ensemble »), one per school type and per sector, and one per parent and France
/// with whether the figures compare like with like.
/// </summary>
public static class TerritorySheetWriter
{
    public static readonly SheetColumn[] Columns =
    [
        new("Identifiant", SheetColumnKind.Text, 22),
        new("Indicateur", SheetColumnKind.Text, 40),
        new("Unité", SheetColumnKind.Text, 14),
        new("Territoire", SheetColumnKind.Text, 28),
        new("Ventilation", SheetColumnKind.Text, 28),
        new("Valeur", SheetColumnKind.Number, 12),
        new("Établissements", SheetColumnKind.Integer, 14),
        new("Valeur connue", SheetColumnKind.Integer, 12),
        new("N.C.", SheetColumnKind.Integer, 10),
        new("Part de N.C. (%)", SheetColumnKind.Decimal, 12),
        new("Chiffres de démonstration", SheetColumnKind.Integer, 14),
        new("Tranches", SheetColumnKind.Text, 50),
        new("Comparable à égalité", SheetColumnKind.Text, 12),
        new("Note de comparaison", SheetColumnKind.Text, 60),
    ];

    public const string Overall = "Ensemble";

    public static async Task WriteAsync(SpreadsheetWorkbook workbook, JsonElement fiche, JsonElement catalogue, CancellationToken cancellationToken)
    {
        await workbook.StartSheetAsync(SchoolsExport.TerritorySheet, Columns, cancellationToken);
        var name = NameOf(fiche.GetProperty("territory"));
        var types = Labels(fiche, "typeGroups");
        var sectors = Labels(fiche, "sectors");
        var bandLabels = catalogue.GetProperty("indicators").EnumerateArray().ToDictionary(
            i => SchoolsExport.Text(i, "id")!,
            i => i.TryGetProperty("bands", out var b) && b.ValueKind == JsonValueKind.Array
                ? b.EnumerateArray().ToDictionary(x => SchoolsExport.Text(x, "code")!, x => SchoolsExport.Text(x, "label")!)
                : []);
        var values = new object?[Columns.Length];
        var cells = new Cell[values.Length];
        foreach (var indicator in fiche.GetProperty("indicators").EnumerateArray())
        {
            var id = SchoolsExport.Text(indicator, "id")!;
            var bands = bandLabels.GetValueOrDefault(id) ?? [];
            async Task RowAsync(string territory, string breakdown, JsonElement figure, JsonElement? comparison)
            {
                if (figure.ValueKind != JsonValueKind.Object) return;
                values[0] = id;
                values[1] = SchoolsExport.Text(indicator, "label");
                values[2] = SchoolsExport.Text(indicator, "unit");
                values[3] = territory;
                values[4] = breakdown;
                values[5] = Number(figure, "value");
                values[6] = Number(figure, "schools");
                values[7] = Number(figure, "known");
                values[8] = Number(figure, "notCommunicated");
                values[9] = Number(figure, "notCommunicatedShare");
                values[10] = Number(figure, "demonstration");
                values[11] = figure.TryGetProperty("bands", out var counts) && counts.ValueKind == JsonValueKind.Object
                    ? string.Join(" ; ", counts.EnumerateObject().Select(b => $"{bands.GetValueOrDefault(b.Name) ?? b.Name} : {b.Value.GetInt32()}")) : null;
                values[12] = comparison is { } c && c.TryGetProperty("comparable", out var comparable) && comparable.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? comparable.GetBoolean() ? SchoolRows.Yes : SchoolRows.No : null;
                values[13] = comparison is { } n ? SchoolsExport.Text(n, "note") : null;
                await workbook.AddRowAsync(Columns, values, cells, cancellationToken);
            }

            await RowAsync(name, Overall, indicator.GetProperty("all"), null);
            await BreakdownAsync(indicator, "byType", types, name, RowAsync);
            await BreakdownAsync(indicator, "bySector", sectors, name, RowAsync);
            if (!indicator.TryGetProperty("comparison", out var comparisons)) continue;
            foreach (var parent in comparisons.EnumerateArray())
            {
                if (parent.TryGetProperty("all", out var all)) await RowAsync(NameOf(parent), Overall, all, parent);
            }
        }
    }

    private static async Task BreakdownAsync(JsonElement indicator, string property, IReadOnlyList<(string Id, string Label)> groups, string name,
        Func<string, string, JsonElement, JsonElement?, Task> row)
    {
        if (!indicator.TryGetProperty(property, out var breakdown) || breakdown.ValueKind != JsonValueKind.Object) return;
        foreach (var (id, label) in groups)
        {
            if (breakdown.TryGetProperty(id, out var figure)) await row(name, label, figure, null);
        }
    }

    /// <summary>« Haute-Garonne (departement 31) », « France ».</summary>
    private static string NameOf(JsonElement territory)
    {
        var name = SchoolsExport.Text(territory, "name") ?? "";
        var level = SchoolsExport.Text(territory, "level");
        return level is null or "france" ? name : $"{name} ({level} {SchoolsExport.Text(territory, "code")})";
    }

    private static List<(string Id, string Label)> Labels(JsonElement fiche, string property) =>
        fiche.GetProperty(property).EnumerateArray().Select(g => (SchoolsExport.Text(g, "id")!, SchoolsExport.Text(g, "label")!)).ToList();

    private static double? Number(JsonElement figure, string property) =>
        figure.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
