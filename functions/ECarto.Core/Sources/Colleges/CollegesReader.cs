using System.Globalization;
using System.Runtime.CompilerServices;
using ECarto.Establishments;

namespace ECarto.Sources.Colleges;

/// <summary>
/// Reads the collèges of dataset fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre
/// (`;`-separated CSV export). Columns are found by name; a row that breaks a rule is rejected with its
/// line and reason, and a UAI seen twice is rejected as a duplicate.
/// </summary>
public static class CollegesReader
{
    // Each column lists its headers across vintages: first the current export's field names, then the
    // labels of the older « use_labels_for_header » exports (« Code établissement », « Appellation
    // officielle », « Secteur Public/Privé »…; provenance in tests/ECarto.Tests/Sources/Vintages/README.md).
    public static readonly IReadOnlyList<SourceColumn> Columns =
    [
        new("uai", true, "numero_uai", "uai", "Identifiant_de_l_etablissement", "Code établissement"),
        new("name", false, "appellation_officielle", "Nom_etablissement"),
        new("denomination", false, "denomination_principale"),
        new("patronym", false, "patronyme_uai"),
        new("sector", false, "secteur_public_prive_libe", "secteur_public_prive", "Statut_public_prive"),
        new("contract", false, "secteur_prive_libelle_type_contrat"),
        new("address", false, "adresse_uai", "Adresse_1", "Adresse"),
        new("placeName", false, "lieu_dit_uai", "Lieu dit"),
        new("poBox", false, "boite_postale_uai", "Boite postale"),
        new("postalCode", false, "code_postal_uai", "Code_postal"),
        new("communeCode", true, "code_commune", "code_commune_insee"),
        new("communeName", false, "libelle_commune", "Nom_commune", "Commune"),
        new("departementCode", true, "code_departement", "code_du_departement"),
        new("departementName", false, "libelle_departement", "libelle_du_departement", "Département"),
        new("academieCode", false, "code_academie", "code_de_l_academie"),
        new("academieName", false, "libelle_academie", "libelle_de_l_academie", "Académie"),
        new("regionCode", false, "code_region", "code_de_la_region"),
        new("regionName", false, "libelle_region", "libelle_de_la_region", "Région"),
        new("latitude", false, "latitude"),
        new("longitude", false, "longitude"),
        new("x", false, "coordonnee_x", "coordX_origine"),
        new("y", false, "coordonnee_y", "coordY_origine"),
        new("epsg", false, "EPSG", "epsg_origine"),
        new("geocoding", false, "appariement", "Qualité d'appariement"),
        new("natureCode", false, "nature_uai", "code_nature"),
        new("nature", false, "nature_uai_libe", "libelle_nature", "Nature"),
        // « Etat établissement » is the label; the code (1, 3) is « etat_etablissement » / « Code état établissement ».
        new("state", false, "etat_etablissement_libe", "Etat établissement"),
        new("openingDate", false, "date_ouverture"),
    ];

    /// <summary>Reads every row; the second row of a UAI is rejected as a duplicate of the first.</summary>
    public static IAsyncEnumerable<RowResult<CollegeLine>> ReadAsync(TextReader reader, CancellationToken cancellationToken = default) =>
        DelimitedTable.ReadUniqueAsync(reader, Columns, Parse, v => v.Uai, v => v.Uai, cancellationToken);

    public static RowResult<CollegeLine> Parse(SourceRow row)
    {
        if (row.IsIncomplete)
        {
            return RowResult<CollegeLine>.Rejected(row.Line, $"ligne incomplète : {row.FieldCount} champs seulement (fichier tronqué ?)");
        }
        var uai = Uai.Normalize(row["uai"]);
        if (uai is null)
        {
            return RowResult<CollegeLine>.Rejected(row.Line, $"UAI « {row["uai"]} » invalide : sept chiffres et une lettre attendus");
        }
        var departement = SourceValues.DepartementCode(row["departementCode"]);
        if (departement is null)
        {
            return RowResult<CollegeLine>.Rejected(row.Line, $"{uai} : code département « {row["departementCode"]} » invalide");
        }
        var commune = row["communeCode"]?.ToUpperInvariant();
        if (!SourceValues.IsCommuneCode(commune))
        {
            return RowResult<CollegeLine>.Rejected(row.Line, $"{uai} : code commune « {row["communeCode"]} » invalide");
        }
        if (!commune!.StartsWith(departement, StringComparison.Ordinal))
        {
            return RowResult<CollegeLine>.Rejected(row.Line, $"{uai} : commune {commune} hors du département {departement}");
        }

        if (!SourceValues.TryReadPoint(row, out var latitude, out var longitude, out var pointProblem))
        {
            return RowResult<CollegeLine>.Rejected(row.Line, $"{uai} : {pointProblem}");
        }

        double? x = null, y = null;
        if (row["x"] is not null || row["y"] is not null)
        {
            if (!SourceValues.TryParseDecimal(row["x"], out var px) || !SourceValues.TryParseDecimal(row["y"], out var py))
            {
                return RowResult<CollegeLine>.Rejected(row.Line, $"{uai} : coordonnées projetées illisibles (« {row["x"]} », « {row["y"]} »)");
            }
            x = px;
            y = py;
        }

        DateOnly? opening = null;
        if (row["openingDate"] is { } openingText)
        {
            if (!DateOnly.TryParseExact(openingText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return RowResult<CollegeLine>.Rejected(row.Line, $"{uai} : date d'ouverture « {openingText} » illisible (AAAA-MM-JJ attendu)");
            }
            opening = date;
        }

        var address = string.Join(", ", new[] { row["address"], row["placeName"], row["poBox"] is { } bp ? "BP " + bp : null }.Where(a => a is not null));
        return RowResult<CollegeLine>.Accepted(row.Line, new CollegeLine
        {
            Uai = uai,
            Name = row["name"],
            MainDenomination = row["denomination"],
            Patronym = row["patronym"],
            Sector = row["sector"],
            PrivateContract = row["contract"] is { } contract && !contract.Equals("SANS OBJET", StringComparison.OrdinalIgnoreCase) ? contract : null,
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
            ProjectedX = x,
            ProjectedY = y,
            Crs = row["epsg"],
            GeocodingQuality = row["geocoding"],
            NatureCode = row["natureCode"],
            Nature = row["nature"],
            State = row["state"],
            OpeningDate = opening,
        });
    }
}
