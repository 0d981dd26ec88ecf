namespace ECarto.Sources.Cog;

/// <summary>What a code of the COG communes file designates.</summary>
public enum CommuneKind
{
    /// <summary>« commune-actuelle »: a commune of today.</summary>
    Current,

    /// <summary>« arrondissement-municipal »: Paris, Lyon and Marseille arrondissements.</summary>
    MunicipalArrondissement,

    /// <summary>« commune-deleguee »: a former commune kept inside a commune nouvelle.</summary>
    DelegatedCommune,

    /// <summary>« commune-associee »: a former commune associated to another one.</summary>
    AssociatedCommune,
}

/// <summary>One entry of the COG communes file (npm @etalab/decoupage-administratif).</summary>
public sealed record CogCommune
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required CommuneKind Kind { get; init; }
    public string? DepartementCode { get; init; }
    public string? RegionCode { get; init; }

    /// <summary>The commune this entry belongs to: its city for an arrondissement, its chef-lieu for a delegated or associated commune.</summary>
    public string? ParentCode { get; init; }

    public IReadOnlyList<string> PostalCodes { get; init; } = [];

    /// <summary>Municipal population; null when the file gives none.</summary>
    public int? Population { get; init; }

    /// <summary>Codes this current commune had before a merger (« anciensCodes »).</summary>
    public IReadOnlyList<string> FormerCodes { get; init; } = [];
}

/// <summary>One département of the COG.</summary>
public sealed record CogDepartement(string Code, string Name, string RegionCode, string? ChefLieu);

/// <summary>One région (or overseas collectivity) of the COG.</summary>
public sealed record CogRegion(string Code, string Name, string? ChefLieu);

/// <summary>Éducation nationale's académie of a département, with its région.</summary>
public sealed record DepartementAcademie
{
    /// <summary>COG code of the département (« 31 », « 2A », « 971 »).</summary>
    public required string DepartementCode { get; init; }

    public string? DepartementName { get; init; }
    public required string AcademieCode { get; init; }
    public required string AcademieName { get; init; }

    /// <summary>COG code of the région (for an overseas collectivity, its own code).</summary>
    public string? RegionCode { get; init; }

    public string? RegionName { get; init; }
}
