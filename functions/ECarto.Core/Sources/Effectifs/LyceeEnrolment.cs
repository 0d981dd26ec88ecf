namespace ECarto.Sources.Effectifs;

/// <summary>Pupils of one lycée général et technologique at one rentrée.</summary>
public sealed record LyceeEnrolment
{
    public required string Uai { get; init; }

    /// <summary>First calendar year of the school year (2021 for 2021-2022).</summary>
    public required int Rentree { get; init; }

    /// <summary>Pupils of the lycée's general and technological classes; null when not communicated.</summary>
    public int? Pupils { get; init; }

    public string? Name { get; init; }
    public string? Sector { get; init; }
    public string? CommuneName { get; init; }
    public string? DepartementName { get; init; }
    public string? AcademieName { get; init; }
}
