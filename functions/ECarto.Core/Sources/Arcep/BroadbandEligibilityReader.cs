using System.Globalization;
using System.Runtime.CompilerServices;

namespace ECarto.Sources.Arcep;

/// <summary>
/// Reads Arcep « Ma connexion internet » commune statistics (commune_debit*.csv, `;`). A row whose
/// eligible premises exceed its premises, or whose cumulative counts increase with the speed, is
/// rejected; so is a commune (and scope) seen twice.
/// </summary>
public static class BroadbandEligibilityReader
{
    public static readonly IReadOnlyList<SourceColumn> Columns =
    [
        new("code", true, "code_insee", "code_commune", "insee_com"),
        new("name", false, "nom_com", "nom_commune"),
        new("departement", false, "code_dep", "code_departement"),
        new("region", false, "code_reg", "code_region"),
        new("premises", true, "nbr", "nb_locaux", "nbr_locaux"),
        new("scope", false, "type"),
        new("ineligible", false, "inel_hd"),
        new("elig05", true, "elig_hd05"),
        new("elig3", true, "elig_hd3"),
        new("elig8", true, "elig_bhd8"),
        new("elig30", true, "elig_thd30"),
        new("elig100", true, "elig_thd100"),
        new("elig1000", true, "elig_thd1g"),
        new("date", false, "date"),
    ];

    /// <summary>The cumulative columns, slowest first, with the label used in rejection reasons.</summary>
    private static readonly (string Column, string Label)[] Thresholds =
    [
        ("elig05", "0,5 Mbit/s"), ("elig3", "3 Mbit/s"), ("elig8", "8 Mbit/s"),
        ("elig30", "30 Mbit/s"), ("elig100", "100 Mbit/s"), ("elig1000", "1 Gbit/s"),
    ];

    public static IAsyncEnumerable<RowResult<BroadbandEligibility>> ReadAsync(TextReader reader, CancellationToken cancellationToken = default) =>
        DelimitedTable.ReadUniqueAsync(reader, Columns, Parse, v => (v.CommuneCode, v.Scope), v => $"commune {v.CommuneCode}", cancellationToken);

    public static RowResult<BroadbandEligibility> Parse(SourceRow row)
    {
        if (row.IsIncomplete)
        {
            return RowResult<BroadbandEligibility>.Rejected(row.Line, $"ligne incomplète : {row.FieldCount} champs seulement (fichier tronqué ?)");
        }
        var code = row["code"]?.ToUpperInvariant();
        if (!SourceValues.IsCommuneCode(code))
        {
            return RowResult<BroadbandEligibility>.Rejected(row.Line, $"code commune « {row["code"]} » invalide");
        }
        if (!TryCount(row, "premises", out var premises, out var error)) return RowResult<BroadbandEligibility>.Rejected(row.Line, $"{code} : {error}");
        if (premises is null) return RowResult<BroadbandEligibility>.Rejected(row.Line, $"{code} : nombre de locaux absent");
        if (!TryCount(row, "ineligible", out var ineligible, out error)) return RowResult<BroadbandEligibility>.Rejected(row.Line, $"{code} : {error}");
        if (ineligible > premises)
        {
            return RowResult<BroadbandEligibility>.Rejected(row.Line, $"{code} : {ineligible} locaux inéligibles pour {premises} locaux");
        }

        var counts = new int?[Thresholds.Length];
        int? previous = premises;
        var previousLabel = "l'ensemble des locaux";
        for (var i = 0; i < Thresholds.Length; i++)
        {
            var (column, label) = Thresholds[i];
            if (!TryCount(row, column, out counts[i], out error)) return RowResult<BroadbandEligibility>.Rejected(row.Line, $"{code} : {error}");
            if (counts[i] is not { } count) continue;
            if (count > previous)
            {
                return RowResult<BroadbandEligibility>.Rejected(row.Line, i == 0
                    ? $"{code} : {count} locaux éligibles à {label} pour {premises} locaux"
                    : $"{code} : {count} locaux éligibles à {label}, plus qu'à {previousLabel} ({previous}) : les seuils sont cumulatifs");
            }
            previous = count;
            previousLabel = label;
        }

        DateOnly? date = null;
        if (row["date"] is { } dateText)
        {
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return RowResult<BroadbandEligibility>.Rejected(row.Line, $"{code} : date « {dateText} » illisible (AAAA-MM-JJ attendu)");
            }
            date = d;
        }

        return RowResult<BroadbandEligibility>.Accepted(row.Line, new BroadbandEligibility
        {
            CommuneCode = code!,
            CommuneName = row["name"],
            DepartementCode = row["departement"],
            RegionCode = row["region"],
            Premises = premises.Value,
            Scope = row["scope"],
            Ineligible = ineligible,
            EligibleAtLeast05Mbps = counts[0],
            EligibleAtLeast3Mbps = counts[1],
            EligibleAtLeast8Mbps = counts[2],
            EligibleAtLeast30Mbps = counts[3],
            EligibleAtLeast100Mbps = counts[4],
            EligibleAtLeast1Gbps = counts[5],
            Date = date,
        });
    }

    /// <summary>A non-negative whole count, or null when missing; false with a reason when unreadable.</summary>
    private static bool TryCount(SourceRow row, string column, out int? value, out string? error)
    {
        value = null;
        error = null;
        if (row[column] is not { } text) return true;
        if (!SourceValues.TryParseDecimal(text, out var number) || number < 0 || number != Math.Floor(number) || number > int.MaxValue)
        {
            error = $"valeur « {text} » de la colonne {Columns.First(c => c.Name == column).Headers[0]} : entier positif attendu";
            return false;
        }
        value = (int)number;
        return true;
    }
}
