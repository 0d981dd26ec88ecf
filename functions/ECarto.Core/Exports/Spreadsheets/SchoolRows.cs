using ECarto.Establishments;
using ECarto.Indicators;
using ECarto.Territories;

namespace ECarto.Exports.Spreadsheets;

/// <summary>How a column's cells are typed and shown: text, a whole number, one decimal, a number as it is, a date.</summary>
public enum SheetColumnKind { Text, Integer, Decimal, Number, Date }

/// <summary>A column of a sheet: its French header, its kind and its width (in characters).</summary>
public sealed record SheetColumn(string Header, SheetColumnKind Kind, double Width);

/// <summary>A school of an export with its commune (for the commune's fixed-network figures, null when unknown).</summary>
public readonly record struct SchoolRow(School School, Territory? Commune);

/// <summary>
/// The <i>Établissements</i> sheet, library-neutral: its columns (identity, then every indicator of the
/// catalogue, then the inventory's date, producer and the demonstration marker) and each school's values
/// as plain objects (<see cref="string"/>, <see cref="double"/>, <see cref="DateTime"/>, or null for an
/// empty cell). The exporter and the benchmark's comparisons write the very same values.
/// </summary>
public static class SchoolRows
{
    public const string Yes = "oui";
    public const string No = "non";

    private static readonly SheetColumn[] IdentityColumns =
    [
        new("UAI", SheetColumnKind.Text, 11),
        new("Nom", SheetColumnKind.Text, 42),
        new("Type", SheetColumnKind.Text, 16),
        new("Secteur", SheetColumnKind.Text, 9),
        new("Code commune", SheetColumnKind.Text, 9),
        new("Commune", SheetColumnKind.Text, 24),
        new("Code département", SheetColumnKind.Text, 9),
        new("Département", SheetColumnKind.Text, 20),
        new("Académie", SheetColumnKind.Text, 18),
        new("Région", SheetColumnKind.Text, 24),
        new("État", SheetColumnKind.Text, 16),
    ];

    private static readonly SheetColumn[] TrailingColumns =
    [
        new("Date de l'inventaire numérique", SheetColumnKind.Date, 12),
        new("Producteur de l'inventaire numérique", SheetColumnKind.Text, 24),
        new("Données de démonstration", SheetColumnKind.Text, 14),
    ];

    /// <summary>Every indicator of the catalogue, in its order: one column each.</summary>
    public static IReadOnlyList<Indicator> Indicators { get; } = IndicatorCatalogue.All;

    public static IReadOnlyList<SheetColumn> Columns { get; } =
        [.. IdentityColumns, .. IndicatorCatalogue.All.Select(IndicatorColumn), .. TrailingColumns];

    /// <summary>The header of an indicator's column: its label, with « (%) » for a share.</summary>
    public static string HeaderOf(Indicator indicator) => indicator.Unit == "%" ? $"{indicator.Label} (%)" : indicator.Label;

    private static SheetColumn IndicatorColumn(Indicator indicator) => new(HeaderOf(indicator), KindOf(indicator), 16);

    /// <summary>Yes/no and bands are text (« oui », « non », the band's label); quantities and shares are numbers.</summary>
    private static SheetColumnKind KindOf(Indicator indicator) => indicator.Aggregation switch
    {
        AggregationRules.Count or AggregationRules.Share or AggregationRules.Bands => SheetColumnKind.Text,
        AggregationRules.Sum => SheetColumnKind.Integer,
        _ => SheetColumnKind.Decimal,
    };

    /// <summary>
    /// Fills <paramref name="values"/> (of <see cref="Columns"/>' length) with the school's row. An indicator
    /// that is « N.C. », or does not apply to the school (the IPS of a lycée), is an empty cell; the
    /// demonstration marker says whether any figure of the row is a demonstration.
    /// </summary>
    public static void Fill(SchoolRow row, object?[] values)
    {
        var school = row.School;
        var i = 0;
        values[i++] = school.Uai;
        values[i++] = school.Name;
        values[i++] = string.Join(" ; ", school.Types);
        values[i++] = school.Sector;
        values[i++] = school.CommuneCode;
        values[i++] = school.CommuneName;
        values[i++] = school.DepartementCode;
        values[i++] = school.DepartementName;
        values[i++] = school.AcademieName;
        values[i++] = school.RegionName;
        values[i++] = SchoolState.Label(SchoolState.Slug(school.State));

        var figures = new Dictionary<string, SchoolIndicator>(StringComparer.Ordinal);
        foreach (var component in SchoolIndicators.For(school, row.Commune))
        {
            foreach (var figure in component.Indicators) figures[figure.Id] = figure;
        }
        var demonstration = false;
        foreach (var indicator in Indicators)
        {
            var figure = figures.GetValueOrDefault(indicator.Id);
            values[i++] = figure is null || figure.NotCommunicated ? null : ValueOf(figure);
            demonstration |= figure?.IsDemonstration == true;
        }
        values[i++] = school.Inventory is { } inventory ? inventory.ObservationDate.ToDateTime(TimeOnly.MinValue) : null;
        values[i++] = school.Inventory?.Source;
        values[i] = demonstration ? Yes : No;
    }

    private static object? ValueOf(SchoolIndicator figure) =>
        figure.Yes is { } yes ? (yes ? Yes : No)
        : figure.BandLabel is { } band ? band
        : figure.Value;
}
