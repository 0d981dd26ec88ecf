using System.Runtime.CompilerServices;

namespace ECarto.Sources.Cog;

/// <summary>Reads departement_academie_region.csv: for each département (COG code), its académie and région.</summary>
public static class DepartementAcademieReader
{
    public static readonly IReadOnlyList<SourceColumn> Columns =
    [
        new("departement", true, "code_departement_cog", "code_departement"),
        new("departementName", false, "nom_departement_cog_decoupage", "libelle_departement_men", "libelle_departement"),
        new("academieCode", true, "code_academie"),
        new("academieName", true, "libelle_academie"),
        new("regionCode", false, "code_region_cog_decoupage", "code_region"),
        new("regionName", false, "libelle_region_men", "libelle_region"),
    ];

    public static IAsyncEnumerable<RowResult<DepartementAcademie>> ReadAsync(TextReader reader, CancellationToken cancellationToken = default) =>
        DelimitedTable.ReadUniqueAsync(reader, Columns, Parse, v => v.DepartementCode, v => $"département {v.DepartementCode}", cancellationToken);

    public static RowResult<DepartementAcademie> Parse(SourceRow row)
    {
        if (row.IsIncomplete)
        {
            return RowResult<DepartementAcademie>.Rejected(row.Line, $"ligne incomplète : {row.FieldCount} champs seulement (fichier tronqué ?)");
        }
        var departement = SourceValues.DepartementCode(row["departement"]);
        if (departement is null) return RowResult<DepartementAcademie>.Rejected(row.Line, $"code département « {row["departement"]} » invalide");
        var academieCode = row["academieCode"];
        var academieName = row["academieName"];
        if (academieCode is null || academieName is null)
        {
            return RowResult<DepartementAcademie>.Rejected(row.Line, $"département {departement} : académie absente");
        }
        return RowResult<DepartementAcademie>.Accepted(row.Line, new DepartementAcademie
        {
            DepartementCode = departement,
            DepartementName = row["departementName"],
            AcademieCode = academieCode,
            AcademieName = academieName,
            RegionCode = row["regionCode"],
            RegionName = row["regionName"],
        });
    }
}
