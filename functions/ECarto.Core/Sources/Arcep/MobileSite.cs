namespace ECarto.Sources.Arcep;

/// <summary>One mobile site of one operator (Arcep), located in WGS84 (published, or from its Lambert-93 position).</summary>
public sealed record MobileSite
{
    /// <summary>MCC-MNC code of the operator, e.g. « 20801 ».</summary>
    public required string OperatorCode { get; init; }

    /// <summary>Commercial name of the operator; null for a code we do not know.</summary>
    public string? OperatorName { get; init; }

    public required double Latitude { get; init; }
    public required double Longitude { get; init; }

    /// <summary>Projected coordinates as published, in metres: Lambert-93 in metropolitan France, the local UTM zone overseas (0 when absent).</summary>
    public required double X { get; init; }

    public required double Y { get; init; }
    public required bool Has2G { get; init; }
    public required bool Has3G { get; init; }
    public required bool Has4G { get; init; }
}
