using System.Globalization;
using System.Runtime.CompilerServices;
using ECarto.Establishments;
using ECarto.Sources.Effectifs;

namespace ECarto.Sources.Ips;

/// <summary>
/// Reads the IPS of the collèges (DEPP; the 2023 sample file, or dataset fr-en-ips-colleges-ap2023 of
/// data.education.gouv.fr). An IPS outside the plausible range or a repeated UAI and rentrée is rejected.
/// </summary>
public static class CollegeIpsReader
{
    public static readonly IReadOnlyList<SourceColumn> Columns =
    [
        new("uai", true, "UAI", "uai", "numero_uai"),
        new("ips", true, "IPS", "indice_de_position_sociale"),
        new("sd", false, "Ecart-type de l'IPS", "ecart_type_de_l_ips", "ecart_type_ips"),
        new("rentree", false, "Rentrée scolaire", "rentree_scolaire"),
        new("name", false, "nom_de_l_etablissement", "nom_de_l_etablissment", "Nom de l'établissement"),
        new("sector", false, "secteur"),
        new("commune", false, "code_insee_de_la_commune", "code_commune"),
    ];

    /// <summary>Published IPS run from about 45 to 185; outside 40–200 the value is a data error.</summary>
    public const double MinIps = 40, MaxIps = 200, MaxStandardDeviation = 100;

    public static IAsyncEnumerable<RowResult<CollegeIps>> ReadAsync(TextReader reader, CancellationToken cancellationToken = default) =>
        DelimitedTable.ReadUniqueAsync(reader, Columns, Parse, v => (v.Uai, v.Rentree), v => v.Uai, cancellationToken);

    public static RowResult<CollegeIps> Parse(SourceRow row)
    {
        if (row.IsIncomplete)
        {
            return RowResult<CollegeIps>.Rejected(row.Line, $"ligne incomplète : {row.FieldCount} champs seulement (fichier tronqué ?)");
        }
        var uai = Uai.Normalize(row["uai"]);
        if (uai is null)
        {
            return RowResult<CollegeIps>.Rejected(row.Line, $"UAI « {row["uai"]} » invalide : sept chiffres et une lettre attendus");
        }
        int? rentree = null;
        if (row["rentree"] is { } rentreeText)
        {
            if (!SchoolYear.TryParse(rentreeText, out var year))
            {
                return RowResult<CollegeIps>.Rejected(row.Line, $"{uai} : rentrée scolaire « {rentreeText} » invalide");
            }
            rentree = year;
        }
        if (row["ips"] is not { } ipsText)
        {
            return RowResult<CollegeIps>.Rejected(row.Line, $"{uai} : IPS non communiqué");
        }
        if (!SourceValues.TryParseDecimal(ipsText, out var ips) || ips < MinIps || ips > MaxIps)
        {
            return RowResult<CollegeIps>.Rejected(row.Line, $"{uai} : IPS « {ipsText} » hors de l'intervalle plausible {MinIps}–{MaxIps}");
        }
        double? sd = null;
        if (row["sd"] is { } sdText)
        {
            if (!SourceValues.TryParseDecimal(sdText, out var value) || value < 0 || value > MaxStandardDeviation)
            {
                return RowResult<CollegeIps>.Rejected(row.Line, $"{uai} : écart-type de l'IPS « {sdText} » hors de l'intervalle 0–{MaxStandardDeviation.ToString(CultureInfo.InvariantCulture)}");
            }
            sd = value;
        }
        var commune = row["commune"];
        return RowResult<CollegeIps>.Accepted(row.Line, new CollegeIps
        {
            Uai = uai,
            Rentree = rentree,
            Ips = ips,
            IpsStandardDeviation = sd,
            Name = row["name"],
            Sector = row["sector"],
            CommuneCode = SourceValues.IsCommuneCode(commune) ? commune : null,
        });
    }
}
