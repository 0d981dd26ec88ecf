namespace ECarto.Sources.Arcep;

/// <summary>One commune of the Arcep Observatoire THD commune table (« Informations à l'échelle de la commune »).</summary>
public sealed record ThdCommune
{
    public required string CommuneCode { get; init; }
    public string? CommuneName { get; init; }
    public string? RegionCode { get; init; }
    public string? DepartementCode { get; init; }
    public string? EpciSiren { get; init; }

    /// <summary>Dwellings (logements) counted by Arcep for the coverage rate; null when blank.</summary>
    public int? Dwellings { get; init; }

    /// <summary>Business establishments (établissements) counted by Arcep; null when blank.</summary>
    public int? Establishments { get; init; }

    /// <summary>The flags below are null when the cell is blank (« - » is false).</summary>
    public bool? VeryDenseZone { get; init; }

    /// <summary>Operators committed under article L. 33-13 (« FRTE », « SFR0 », …); null when none.</summary>
    public string? L3313Commitments { get; init; }

    public bool? PrivateIntentions { get; init; }
    public bool? Rural { get; init; }

    /// <summary>Mountain commune code as published (0 = not a mountain commune).</summary>
    public int? MountainCode { get; init; }

    /// <summary>FttH infrastructure operators of the quarter (« FREE-FRTE-SFR0 »); null when none.</summary>
    public string? FtthOperators { get; init; }
}
