using ECarto.Establishments;

namespace ECarto.Sources.Annuaire;

/// <summary>One validated line of the annuaire de l'éducation.</summary>
public sealed record AnnuaireLine
{
    public required string Uai { get; init; }
    public required string Name { get; init; }
    public string? Type { get; init; }
    public string? Sector { get; init; }
    public string? NatureCode { get; init; }
    public string? Nature { get; init; }
    public string? Address { get; init; }
    public string? PostalCode { get; init; }
    public string? CommuneCode { get; init; }
    public string? CommuneName { get; init; }
    public required string DepartementCode { get; init; }
    public string? DepartementName { get; init; }
    public string? AcademieCode { get; init; }
    public string? AcademieName { get; init; }
    public string? RegionCode { get; init; }
    public string? RegionName { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public int? Pupils { get; init; }
    public string? Phone { get; init; }
    public string? Website { get; init; }
    public string? Email { get; init; }
    public string? PriorityEducation { get; init; }

    /// <summary>The lycée voies (générale, technologique, professionnelle) flagged on the line; null when none is given.</summary>
    public LyceeVoies? Voies { get; init; }

    /// <summary>Administrative state as published (« OUVERT », « A FERMER », « A OUVRIR »…).</summary>
    public string? State { get; init; }

    /// <summary>The source says this UAI legitimately has several lines (its multi-site marker is 1).</summary>
    public bool MultiLine { get; init; }

    /// <summary>
    /// The header of the file's multi-site marker column (« multi_uai » since 2024,
    /// « etablissement_multi_lignes » before); null when the file has none.
    /// </summary>
    public string? MultiLineColumn { get; init; }

    /// <summary>Where the coordinates came from (latitude/longitude, converted X/Y, or an unknown EPSG code).</summary>
    public PointOrigin PointOrigin { get; init; }

    /// <summary>The EPSG code as published, kept when it could not be converted.</summary>
    public string? Epsg { get; init; }
}
