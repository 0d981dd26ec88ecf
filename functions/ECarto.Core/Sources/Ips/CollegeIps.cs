namespace ECarto.Sources.Ips;

/// <summary>Indice de position sociale (DEPP) of one collège at one rentrée.</summary>
public sealed record CollegeIps
{
    public required string Uai { get; init; }

    /// <summary>First calendar year of the school year, when the file gives it.</summary>
    public int? Rentree { get; init; }

    public required double Ips { get; init; }

    /// <summary>Spread of the pupils' individual indices; null when not communicated.</summary>
    public double? IpsStandardDeviation { get; init; }

    public string? Name { get; init; }
    public string? Sector { get; init; }
    public string? CommuneCode { get; init; }
}
