namespace ECarto.Sources.Arcep;

/// <summary>FttH deployment of one commune at one quarter (Arcep Observatoire THD).</summary>
/// <param name="Quarter">Arcep's label, e.g. « T1 2018 ».</param>
/// <param name="Premises">Premises connectable to FttH (locaux raccordables); null when not published.</param>
/// <param name="CoverageClass">Arcep coverage class: 0 (none), then 5, 10, 25, 50, 80 (lower bounds, in %).</param>
public sealed record FtthQuarter(string Quarter, int? Premises, int? CoverageClass);

/// <summary>FttH deployment of one commune: its latest quarter and every quarter of the file, oldest first.</summary>
public sealed record FtthCommune
{
    /// <summary>INSEE code as published (COG of the file's vintage).</summary>
    public required string CommuneCode { get; init; }

    /// <summary>The latest quarter of the file, e.g. « T1 2018 ».</summary>
    public required string Quarter { get; init; }

    public int? FtthPremises { get; init; }
    public int? CoverageClass { get; init; }
    public required IReadOnlyList<FtthQuarter> Quarters { get; init; }
}
