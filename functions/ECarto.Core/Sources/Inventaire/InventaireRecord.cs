namespace ECarto.Sources.Inventaire;

/// <summary>
/// One validated line of an inventaire numérique (schema <c>schemas/inventaire-numerique/schema.json</c>):
/// the digital equipment, connectivity, services and experimentations of one school at one date.
/// A null figure is « not communicated », never zero.
/// </summary>
public sealed record InventaireRecord
{
    /// <summary><c>uai</c>.</summary>
    public required string Uai { get; init; }

    /// <summary><c>date_observation</c>.</summary>
    public required DateOnly ObservationDate { get; init; }

    /// <summary><c>nb_eleves</c>.</summary>
    public int? Pupils { get; init; }

    /// <summary><c>nb_terminaux</c>: computers and tablets for pupils, mobile ones included.</summary>
    public int? Devices { get; init; }

    /// <summary><c>nb_terminaux_mobiles</c>: laptops and tablets among <see cref="Devices"/>.</summary>
    public int? MobileDevices { get; init; }

    /// <summary><c>nb_tbi</c>: interactive whiteboards, interactive screens and interactive projectors (TBI, TNI, VPI).</summary>
    public int? InteractiveBoards { get; init; }

    /// <summary><c>nb_videoprojecteurs</c>: non-interactive projectors.</summary>
    public int? Projectors { get; init; }

    /// <summary><c>nb_imprimantes_3d</c>.</summary>
    public int? Printers3D { get; init; }

    /// <summary><c>debit_mesure</c>: one of <see cref="BandwidthBands"/>.</summary>
    public string? BandwidthBand { get; init; }

    /// <summary><c>debit_mesure_mbits</c>: the measured downstream bandwidth in Mbit/s.</summary>
    public double? MeasuredBandwidthMbps { get; init; }

    /// <summary><c>type_acces</c>: the technology of the school's Internet access, one of <see cref="AccessTypes"/>.</summary>
    public string? AccessType { get; init; }

    /// <summary><c>wifi</c>: one of <see cref="WifiCoverage"/>.</summary>
    public string? Wifi { get; init; }

    /// <summary><c>part_salles_connectees</c>: percentage (0–100) of classrooms with Internet access.</summary>
    public int? ConnectedRoomsPercent { get; init; }

    /// <summary><c>ent</c>: a digital workspace (espace numérique de travail) is available.</summary>
    public bool? HasEnt { get; init; }

    /// <summary><c>nom_ent</c>.</summary>
    public string? EntName { get; init; }

    /// <summary><c>nb_ressources_numeriques</c>: digital resources available to pupils (GAR among others).</summary>
    public int? DigitalResources { get; init; }

    /// <summary><c>experimentation_efran</c>.</summary>
    public bool? EFran { get; init; }

    /// <summary><c>experimentation_profan</c>.</summary>
    public bool? ProFan { get; init; }

    /// <summary><c>college_lab</c>.</summary>
    public bool? CollegeLab { get; init; }

    /// <summary><c>source</c>: the producer of the line, to show with the figures.</summary>
    public required string Source { get; init; }

    /// <summary><c>demonstration</c>: generated, not observed. Such a line must never be presented as real.</summary>
    public required bool IsDemonstration { get; init; }

    /// <summary>
    /// Pupils per terminal (one decimal), or null (« N.C. ») when the pupils or the terminals are unknown,
    /// or there is no terminal: a ratio is never computed on a made-up head count.
    /// </summary>
    public double? PupilsPerDevice => Pupils is { } pupils && Devices is { } devices and > 0
        ? Math.Round((double)pupils / devices, 1)
        : null;
}

/// <summary>The codes of <c>debit_mesure</c> (the schema's enum), lowest band first.</summary>
public static class BandwidthBands
{
    public const string Below2 = "moins_de_2";
    public const string From2To10 = "2_a_10";
    public const string From10To100 = "10_a_100";
    public const string AtLeast100 = "100_et_plus";

    public static readonly IReadOnlyList<string> All = [Below2, From2To10, From10To100, AtLeast100];

    /// <summary>The band a measured bandwidth (Mbit/s) falls in: [0, 2), [2, 10), [10, 100), [100, ∞).</summary>
    public static string Of(double mbps) => mbps switch
    {
        < 2 => Below2,
        < 10 => From2To10,
        < 100 => From10To100,
        _ => AtLeast100,
    };
}

/// <summary>The codes of <c>type_acces</c> (the schema's enum): the technology of the school's main Internet access.</summary>
public static class AccessTypes
{
    /// <summary>Optical fibre to the school (FttH, FttO, dedicated fibre link).</summary>
    public const string Fibre = "fibre";

    /// <summary>Coaxial cable network (FttLA).</summary>
    public const string Cable = "cable";

    /// <summary>Copper telephone line: ADSL, VDSL2, SDSL.</summary>
    public const string Copper = "cuivre";

    /// <summary>Fixed radio: THD radio, boucle locale radio, WiMAX.</summary>
    public const string Radio = "radio";

    /// <summary>Fixed 4G or 5G box.</summary>
    public const string Mobile4G = "4g";

    public const string Satellite = "satellite";

    public static readonly IReadOnlyList<string> All = [Fibre, Cable, Copper, Radio, Mobile4G, Satellite];
}

/// <summary>The codes of <c>wifi</c> (the schema's enum).</summary>
public static class WifiCoverage
{
    public const string None = "aucun";
    public const string Partial = "partiel";
    public const string AllRooms = "toutes_salles";

    public static readonly IReadOnlyList<string> All = [None, Partial, AllRooms];
}
