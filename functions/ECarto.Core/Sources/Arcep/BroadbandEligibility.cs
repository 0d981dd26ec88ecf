namespace ECarto.Sources.Arcep;

/// <summary>
/// Arcep « Ma connexion internet », one commune: its premises and the premises eligible at each speed.
/// The eligibility counts are cumulative (≥ 3 Mbit/s includes ≥ 8 Mbit/s, …), so they only decrease.
/// </summary>
public sealed record BroadbandEligibility
{
    /// <summary>INSEE code as published; may be a former commune code (the COG resolves it).</summary>
    public required string CommuneCode { get; init; }

    /// <summary>Name as published; some lost their accents in the source.</summary>
    public string? CommuneName { get; init; }

    public string? DepartementCode { get; init; }
    public string? RegionCode { get; init; }

    /// <summary>Premises (locaux) of the commune.</summary>
    public required int Premises { get; init; }

    /// <summary>Which technologies the counts cover (« all » in the commune_debit file).</summary>
    public string? Scope { get; init; }

    public int? Ineligible { get; init; }
    public int? EligibleAtLeast05Mbps { get; init; }
    public int? EligibleAtLeast3Mbps { get; init; }
    public int? EligibleAtLeast8Mbps { get; init; }
    public int? EligibleAtLeast30Mbps { get; init; }
    public int? EligibleAtLeast100Mbps { get; init; }
    public int? EligibleAtLeast1Gbps { get; init; }

    /// <summary>The date the figures describe (end of the quarter).</summary>
    public DateOnly? Date { get; init; }
}
