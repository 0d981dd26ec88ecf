using System.Runtime.CompilerServices;
using ECarto.Establishments;

namespace ECarto.Sources.Annuaire;

/// <summary>
/// Reads the annuaire de l'éducation (dataset fr-en-annuaire-education, `;`-separated CSV export).
/// Columns are found by name; a row that breaks a rule is rejected with its line and reason.
/// Each column lists the headers it has had across the published vintages (provenance of the older
/// ones: tests/ECarto.Tests/Sources/Vintages/README.md): the 2023 export names its multi-site marker
/// « etablissement_multi_lignes » and its projection « coordonnee_X / coordonnee_Y / epsg », the 2024
/// one « multi_uai » and « coordX_origine / coordY_origine / epsg_origine ».
/// </summary>
public static class AnnuaireReader
{
    public static readonly IReadOnlyList<SourceColumn> Columns =
    [
        new("uai", true, "Identifiant_de_l_etablissement", "identifiant_etablissement", "numero_uai", "uai"),
        new("name", true, "Nom_etablissement", "nom_de_l_etablissement", "appellation_officielle"),
        new("type", false, "Type_etablissement", "type_d_etablissement"),
        new("sector", false, "Statut_public_prive", "secteur_public_prive", "secteur"),
        new("address1", false, "Adresse_1", "adresse_uai"),
        new("address2", false, "Adresse_2"),
        new("address3", false, "Adresse_3"),
        new("postalCode", false, "Code_postal", "code_postal_uai"),
        new("communeCode", false, "Code_commune", "code_commune_insee"),
        new("communeName", false, "Nom_commune", "libelle_commune"),
        new("departementCode", true, "Code_departement", "code_du_departement"),
        new("departementName", false, "Libelle_departement", "libelle_du_departement"),
        new("academieCode", false, "Code_academie", "code_de_l_academie"),
        new("academieName", false, "Libelle_academie", "libelle_de_l_academie"),
        new("regionCode", false, "Code_region", "code_de_la_region"),
        new("regionName", false, "Libelle_region", "libelle_de_la_region"),
        new("latitude", false, "latitude"),
        new("longitude", false, "longitude"),
        new("x", false, "coordX_origine", "coordonnee_X"),
        new("y", false, "coordY_origine", "coordonnee_Y"),
        new("epsg", false, "epsg_origine", "epsg"),
        new("pupils", false, "Nombre_d_eleves"),
        new("phone", false, "Telephone"),
        new("website", false, "Web", "site_web"),
        new("email", false, "Mail", "mail"),
        new("priorityEducation", false, "Appartenance_Education_Prioritaire"),
        new("multiUai", false, "multi_uai", "etablissement_multi_lignes"),
        new("state", false, "etat"),
        new("voieGenerale", false, "Voie_generale", "voie_generale"),
        new("voieTechnologique", false, "Voie_technologique", "voie_technologique"),
        new("voieProfessionnelle", false, "Voie_professionnelle", "voie_professionnelle"),
        new("natureCode", false, "code_nature", "nature_uai"),
        new("nature", false, "libelle_nature", "nature_uai_libe"),
    ];

    public const int MaxPupils = 10_000;

    public static async IAsyncEnumerable<RowResult<AnnuaireLine>> ReadAsync(
        TextReader reader,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in DelimitedTable.ReadAsync(reader, Columns, cancellationToken))
        {
            yield return Parse(row);
        }
    }

    /// <summary>A voie flag: « 1 » yes, « 0 » no, anything else (empty) unknown.</summary>
    private static bool? Flag(string? value) => value?.Trim() switch { "1" => true, "0" => false, _ => null };

    public static RowResult<AnnuaireLine> Parse(SourceRow row)
    {
        if (row.IsIncomplete)
        {
            return RowResult<AnnuaireLine>.Rejected(row.Line, $"ligne incomplète : {row.FieldCount} champs seulement (fichier tronqué ?)");
        }
        var rawUai = row["uai"];
        var uai = Uai.Normalize(rawUai);
        if (uai is null)
        {
            return RowResult<AnnuaireLine>.Rejected(row.Line, $"UAI « {rawUai} » invalide : sept chiffres et une lettre attendus");
        }
        var name = row["name"];
        if (name is null) return RowResult<AnnuaireLine>.Rejected(row.Line, $"{uai} : nom de l'établissement absent");

        var departement = SourceValues.DepartementCode(row["departementCode"]);
        if (departement is null)
        {
            return RowResult<AnnuaireLine>.Rejected(row.Line, $"{uai} : code département « {row["departementCode"]} » invalide");
        }
        var commune = row["communeCode"];
        if (commune is not null && !SourceValues.IsCommuneCode(commune))
        {
            return RowResult<AnnuaireLine>.Rejected(row.Line, $"{uai} : code commune « {commune} » invalide");
        }

        if (!SourceValues.TryReadPoint(row, out var latitude, out var longitude, out var pointProblem, out var pointOrigin))
        {
            return RowResult<AnnuaireLine>.Rejected(row.Line, $"{uai} : {pointProblem}");
        }

        int? pupils = null;
        if (row["pupils"] is { } pupilsText)
        {
            if (!SourceValues.TryParseDecimal(pupilsText, out var count) || count < 0 || count > MaxPupils || count != Math.Floor(count))
            {
                return RowResult<AnnuaireLine>.Rejected(row.Line, $"{uai} : nombre d'élèves « {pupilsText} » hors de l'intervalle 0–{MaxPupils}");
            }
            pupils = (int)count;
        }

        var address = string.Join(", ", new[] { row["address1"], row["address2"], row["address3"] }.Where(a => a is not null));
        return RowResult<AnnuaireLine>.Accepted(row.Line, new AnnuaireLine
        {
            Uai = uai,
            Name = name,
            Type = row["type"],
            Sector = row["sector"],
            NatureCode = row["natureCode"],
            Nature = row["nature"],
            Address = address.Length == 0 ? null : address,
            PostalCode = row["postalCode"],
            CommuneCode = commune,
            CommuneName = row["communeName"],
            DepartementCode = departement,
            DepartementName = row["departementName"],
            AcademieCode = row["academieCode"],
            AcademieName = row["academieName"],
            RegionCode = row["regionCode"],
            RegionName = row["regionName"],
            Latitude = latitude,
            Longitude = longitude,
            Pupils = pupils,
            Phone = row["phone"],
            Website = row["website"],
            Email = row["email"],
            PriorityEducation = row["priorityEducation"],
            State = row["state"],
            Voies = new LyceeVoies(Flag(row["voieGenerale"]), Flag(row["voieTechnologique"]), Flag(row["voieProfessionnelle"])) is { IsEmpty: false } voies ? voies : null,
            MultiLine = row["multiUai"] == "1",
            MultiLineColumn = row.HeaderOf("multiUai"),
            PointOrigin = pointOrigin,
            Epsg = pointOrigin == PointOrigin.UnknownProjection ? row["epsg"] : null,
        });
    }
}
