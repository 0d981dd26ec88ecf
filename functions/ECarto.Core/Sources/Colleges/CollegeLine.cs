namespace ECarto.Sources.Colleges;

/// <summary>One validated collège of the ministry's « adresse et géolocalisation » file.</summary>
public sealed record CollegeLine
{
    public required string Uai { get; init; }
    /// <summary>Official name; null for a collège not yet named (three in the 2024 file, just opened or to open).</summary>
    public string? Name { get; init; }
    public string? MainDenomination { get; init; }
    public string? Patronym { get; init; }

    /// <summary>« Public » or « Privé », as published.</summary>
    public string? Sector { get; init; }

    /// <summary>Contract of a private collège (« CONTRAT D'ASSOCIATION TOUTES CLASSES », « HORS CONTRAT », …).</summary>
    public string? PrivateContract { get; init; }

    public string? Address { get; init; }
    public string? PostalCode { get; init; }

    /// <summary>INSEE code as published: may be a municipal arrondissement (751xx, 6938x, 132xx).</summary>
    public required string CommuneCode { get; init; }

    public string? CommuneName { get; init; }
    public required string DepartementCode { get; init; }
    public string? DepartementName { get; init; }
    public string? AcademieCode { get; init; }
    public string? AcademieName { get; init; }
    public string? RegionCode { get; init; }
    public string? RegionName { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }

    /// <summary>Projected coordinates as published, in <see cref="Crs"/> (EPSG:2154 in metropolitan France).</summary>
    public double? ProjectedX { get; init; }

    public double? ProjectedY { get; init; }
    public string? Crs { get; init; }

    /// <summary>Quality of the address matching (« Parfaite », « Correcte », « MANUEL », …).</summary>
    public string? GeocodingQuality { get; init; }

    public string? NatureCode { get; init; }
    public string? Nature { get; init; }

    /// <summary>« OUVERT » or « A OUVRIR ».</summary>
    public string? State { get; init; }

    public DateOnly? OpeningDate { get; init; }
}
