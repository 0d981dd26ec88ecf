using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ECarto.Establishments;

namespace ECarto.Sources.Inventaire;

/// <summary>
/// Demonstration inventaire for real schools, generated deterministically: every figure of a school
/// depends only on its UAI (SHA-256 of « inventaire-demo-v1|UAI » seeds the draws) and on the school's
/// own annuaire line (type, sector, nature, pupils, éducation prioritaire, région), never on the other
/// schools, the order of the input or the process. Calibrated on the published national figures of
/// the DEPP's ETIC 2014 survey of collèges (see <c>schemas/inventaire-numerique/README.md</c>).
/// Every record says <see cref="InventaireRecord.IsDemonstration"/> = true: it is never real data. It never
/// invents a real-world fact either: its pupils are the school's own (null when no source gives them).
/// </summary>
public static class InventaireGenerator
{
    /// <summary>The <c>source</c> of every generated line.</summary>
    public const string DemonstrationSource = "Démonstration eCarto — données générées, non réelles";

    /// <summary>Part of the seed: changing the generator's calibration means a new version.</summary>
    public const string SeedPrefix = "inventaire-demo-v1|";

    /// <summary>One record per école, collège or lycée (other types are skipped), ordered by UAI.</summary>
    public static IReadOnlyList<InventaireRecord> Generate(IEnumerable<School> schools, DateOnly observationDate) =>
        schools
            .DistinctBy(s => s.Uai, StringComparer.Ordinal)
            .Select(s => Generate(s, observationDate))
            .OfType<InventaireRecord>()
            .OrderBy(r => r.Uai, StringComparer.Ordinal)
            .ToList();

    /// <summary>The record of one school, or null when it is not an école, a collège or a lycée.</summary>
    public static InventaireRecord? Generate(School school, DateOnly observationDate)
    {
        var kind = KindOf(school);
        if (kind is null) return null;
        var seed = Seed(school.Uai);
        var isPublic = !string.Equals(school.Sector, "Privé", StringComparison.OrdinalIgnoreCase);
        var priority = school.PriorityEducation is { Length: > 0 } ep && ep.StartsWith("REP", StringComparison.OrdinalIgnoreCase);
        var profile = Profiles[kind.Value];

        // The pupils are the sources' (annuaire, effectifs) or unknown: a made-up head count would be a
        // real-world fact invented, and would give a « pupils per terminal » that means nothing. The fleet
        // is still scaled to a plausible size, which only the demonstration figures depend on.
        var pupils = SizeBasis(school, kind.Value, isPublic, seed);

        // Terminals per 100 pupils: lognormal around the type's median, higher in small schools
        // (ETIC: 31 per 100 pupils under 300 pupils) and a little higher in éducation prioritaire.
        var ratioDraws = new Draws(seed, "terminaux");
        var ratio = profile.DevicesPer100 * Math.Pow(Math.Max(pupils, 20) / profile.ReferencePupils, -profile.SizeElasticity)
            * (priority ? 1.08 : 1.0) * Math.Exp(profile.DevicesSigma * ratioDraws.Normal());
        ratio = Math.Min(ratio, 150);
        var devices = (int)Math.Round(ratio * pupils / 100.0);

        // Mobile terminals: a share of the fleet (ETIC: 17 %, 19 % in éducation prioritaire, 16 % elsewhere).
        var mobileDraws = new Draws(seed, "mobiles");
        var share = 0.0;
        if (!mobileDraws.Chance(profile.NoMobileChance))
        {
            var mean = (priority ? profile.MobileSharePriority : profile.MobileShare) / (1 - profile.NoMobileChance);
            share = Math.Min(0.95, mean * mobileDraws.LogNormalMeanOne(0.5));
        }
        var mobile = Math.Min(devices, (int)Math.Round(devices * share));

        var boards = new Draws(seed, "tbi").Poisson(profile.BoardsPerPupil * pupils * new Draws(seed, "tbi-niveau").LogNormalMeanOne(0.35));
        var projectors = new Draws(seed, "videoprojecteurs").Poisson(profile.ProjectorsPerPupil * pupils * new Draws(seed, "vp-niveau").LogNormalMeanOne(0.3));
        var printers = new Draws(seed, "imprimantes-3d").Poisson(profile.Printers3D);

        // Measured bandwidth: a band, then a value inside it (rounded down to stay in the band).
        var bandwidthDraws = new Draws(seed, "debit");
        var band = BandwidthBands.All[bandwidthDraws.Pick(profile.BandwidthBands)];
        var mbps = band switch
        {
            BandwidthBands.Below2 => bandwidthDraws.Uniform(0.5, 2.0),
            BandwidthBands.From2To10 => bandwidthDraws.Uniform(2.0, 10.0),
            BandwidthBands.From10To100 => bandwidthDraws.LogUniform(10, 100),
            _ => bandwidthDraws.LogUniform(100, 1000),
        };
        mbps = Math.Floor(mbps * 10) / 10;

        // Access type, consistent with the measured band: fibre above 100 Mbit/s, copper (ADSL, VDSL2) below 10
        // Mbit/s, with radio, 4G and satellite where the wire is weak. A separate stream: the other draws do not move.
        var accessType = AccessTypes.All[new Draws(seed, "type-acces").Pick(AccessTypeWeights[band])];

        // Wifi, and the share of classrooms with Internet (ETIC: 92 % of collèges above half of them).
        var wifiDraws = new Draws(seed, "wifi");
        var wifi = WifiCoverage.All[wifiDraws.Pick(profile.Wifi)];
        var connectedRooms = wifi switch
        {
            WifiCoverage.AllRooms => 100,
            WifiCoverage.Partial => wifiDraws.Chance(profile.PartialAboveHalf) ? wifiDraws.Integer(55, 99) : wifiDraws.Integer(20, 50),
            _ => wifiDraws.Chance(profile.WiredAboveHalf) ? wifiDraws.Integer(55, 95) : wifiDraws.Integer(0, 50),
        };

        // ENT (ETIC: two thirds of collèges), named after the region's ENT.
        var entDraws = new Draws(seed, "ent");
        var hasEnt = entDraws.Chance(profile.EntChance);
        var entName = hasEnt ? EntName(school, kind.Value, entDraws) : null;
        var resources = new Draws(seed, "ressources").Poisson(hasEnt ? profile.ResourcesWithEnt : profile.ResourcesWithoutEnt);

        // Experimentations: rare, and only where the programme ran.
        var experiments = new Draws(seed, "experimentations");
        var eFran = experiments.Chance(EFranChance);
        var proFan = experiments.Chance(kind == SchoolKind.LyceePro && isPublic ? ProFanChance : 0);
        var collegeLab = experiments.Chance(kind == SchoolKind.College && isPublic ? CollegeLabChance : 0);

        return new InventaireRecord
        {
            Uai = school.Uai,
            ObservationDate = observationDate,
            Pupils = school.Pupils,
            Devices = devices,
            MobileDevices = mobile,
            InteractiveBoards = boards,
            Projectors = projectors,
            Printers3D = printers,
            BandwidthBand = band,
            MeasuredBandwidthMbps = mbps,
            AccessType = accessType,
            Wifi = wifi,
            ConnectedRoomsPercent = connectedRooms,
            HasEnt = hasEnt,
            EntName = entName,
            DigitalResources = resources,
            EFran = eFran,
            ProFan = proFan,
            CollegeLab = collegeLab,
            Source = DemonstrationSource,
            IsDemonstration = true,
        };
    }

    /// <summary>Writes records as an inventaire CSV (schema column order, `,`, RFC 4180 quoting, UTF-8 is the writer's).</summary>
    public static async Task WriteCsvAsync(IEnumerable<InventaireRecord> records, TextWriter writer, CancellationToken cancellationToken = default)
    {
        var fields = InventaireSchema.Current.Fields.Select(f => f.Name).ToList();
        await writer.WriteAsync(string.Join(',', fields) + "\n");
        var line = new StringBuilder();
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            line.Clear();
            for (var i = 0; i < fields.Count; i++)
            {
                if (i > 0) line.Append(',');
                line.Append(Quote(ValueOf(record, fields[i])));
            }
            line.Append('\n');
            await writer.WriteAsync(line.ToString());
        }
        await writer.FlushAsync(cancellationToken);
    }

    private static string ValueOf(InventaireRecord r, string field) => field switch
    {
        "uai" => r.Uai,
        "date_observation" => r.ObservationDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "nb_eleves" => Number(r.Pupils),
        "nb_terminaux" => Number(r.Devices),
        "nb_terminaux_mobiles" => Number(r.MobileDevices),
        "nb_tbi" => Number(r.InteractiveBoards),
        "nb_videoprojecteurs" => Number(r.Projectors),
        "nb_imprimantes_3d" => Number(r.Printers3D),
        "debit_mesure" => r.BandwidthBand ?? "",
        "debit_mesure_mbits" => r.MeasuredBandwidthMbps?.ToString("0.###", CultureInfo.InvariantCulture) ?? "",
        "type_acces" => r.AccessType ?? "",
        "wifi" => r.Wifi ?? "",
        "part_salles_connectees" => Number(r.ConnectedRoomsPercent),
        "ent" => Boolean(r.HasEnt),
        "nom_ent" => r.EntName ?? "",
        "nb_ressources_numeriques" => Number(r.DigitalResources),
        "experimentation_efran" => Boolean(r.EFran),
        "experimentation_profan" => Boolean(r.ProFan),
        "college_lab" => Boolean(r.CollegeLab),
        "source" => r.Source,
        "demonstration" => Boolean(r.IsDemonstration),
        _ => throw new InvalidOperationException($"Champ « {field} » du schéma inconnu de l'écriture CSV."),
    };

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Boolean(bool? value) => value switch { true => "true", false => "false", null => "" };

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', ';', '\r', '\n']) >= 0 || (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])))
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;

    // ---- Calibration ------------------------------------------------------------------------------

    private enum SchoolKind { Maternelle, Ecole, College, LyceeGt, LyceePro }

    /// <summary>e-FRAN: 22 projects (2016) and 9 (2023) over a few hundred schools out of ~59,000.</summary>
    private const double EFranChance = 0.008;

    /// <summary>ProFan: 109 public lycées professionnels out of ~1,500 public lycées with a voie professionnelle.</summary>
    private const double ProFanChance = 0.07;

    /// <summary>Collèges Lab: 47 public collèges labelled in 2017 out of ~5,250.</summary>
    private const double CollegeLabChance = 0.009;

    /// <summary>
    /// Weights of <see cref="AccessTypes.All"/> (fibre, câble, cuivre, radio, 4G, satellite) for each measured band.
    /// No per-school figure is published: plausible assumptions, not a calibration (a school measuring 100 Mbit/s
    /// or more is almost always on fibre; below 2 Mbit/s, on a long copper line or a satellite).
    /// </summary>
    private static readonly Dictionary<string, double[]> AccessTypeWeights = new(StringComparer.Ordinal)
    {
        [BandwidthBands.AtLeast100] = [0.92, 0.06, 0.0, 0.0, 0.02, 0.0],
        [BandwidthBands.From10To100] = [0.45, 0.08, 0.40, 0.02, 0.04, 0.01],
        [BandwidthBands.From2To10] = [0.0, 0.0, 0.82, 0.07, 0.08, 0.03],
        [BandwidthBands.Below2] = [0.0, 0.0, 0.80, 0.06, 0.04, 0.10],
    };

    private sealed record Profile(
        double DevicesPer100,
        double ReferencePupils,
        double SizeElasticity,
        double DevicesSigma,
        double NoMobileChance,
        double MobileShare,
        double MobileSharePriority,
        double BoardsPerPupil,
        double ProjectorsPerPupil,
        double Printers3D,
        double[] BandwidthBands,
        double[] Wifi,
        double PartialAboveHalf,
        double WiredAboveHalf,
        double EntChance,
        double ResourcesWithEnt,
        double ResourcesWithoutEnt);

    // Collèges follow ETIC 2014; the other types have no published per-school figures: their values are
    // plausible assumptions (documented in the schema's README), not calibrations.
    private static readonly Dictionary<SchoolKind, Profile> Profiles = new()
    {
        [SchoolKind.College] = new(
            DevicesPer100: 21.0, ReferencePupils: 470, SizeElasticity: 0.45, DevicesSigma: 0.39,
            NoMobileChance: 0.12, MobileShare: 0.165, MobileSharePriority: 0.19,
            BoardsPerPupil: 0.011, ProjectorsPerPupil: 0.031, Printers3D: 0.8,
            BandwidthBands: [0.02, 0.18, 0.50, 0.30], Wifi: [0.08, 0.57, 0.35], PartialAboveHalf: 0.90, WiredAboveHalf: 0.80,
            EntChance: 2.0 / 3.0, ResourcesWithEnt: 8, ResourcesWithoutEnt: 1.5),
        [SchoolKind.LyceeGt] = new(
            DevicesPer100: 30.0, ReferencePupils: 900, SizeElasticity: 0.3, DevicesSigma: 0.35,
            NoMobileChance: 0.10, MobileShare: 0.20, MobileSharePriority: 0.22,
            BoardsPerPupil: 0.009, ProjectorsPerPupil: 0.040, Printers3D: 1.5,
            BandwidthBands: [0.01, 0.07, 0.42, 0.50], Wifi: [0.03, 0.47, 0.50], PartialAboveHalf: 0.92, WiredAboveHalf: 0.85,
            EntChance: 0.90, ResourcesWithEnt: 10, ResourcesWithoutEnt: 2),
        [SchoolKind.LyceePro] = new(
            DevicesPer100: 40.0, ReferencePupils: 330, SizeElasticity: 0.3, DevicesSigma: 0.35,
            NoMobileChance: 0.10, MobileShare: 0.20, MobileSharePriority: 0.22,
            BoardsPerPupil: 0.010, ProjectorsPerPupil: 0.045, Printers3D: 2.0,
            BandwidthBands: [0.01, 0.09, 0.45, 0.45], Wifi: [0.03, 0.52, 0.45], PartialAboveHalf: 0.90, WiredAboveHalf: 0.85,
            EntChance: 0.90, ResourcesWithEnt: 9, ResourcesWithoutEnt: 2),
        [SchoolKind.Ecole] = new(
            DevicesPer100: 12.0, ReferencePupils: 130, SizeElasticity: 0.3, DevicesSigma: 0.55,
            NoMobileChance: 0.20, MobileShare: 0.45, MobileSharePriority: 0.50,
            BoardsPerPupil: 0.018, ProjectorsPerPupil: 0.010, Printers3D: 0.05,
            BandwidthBands: [0.08, 0.32, 0.45, 0.15], Wifi: [0.30, 0.45, 0.25], PartialAboveHalf: 0.75, WiredAboveHalf: 0.55,
            EntChance: 0.40, ResourcesWithEnt: 3, ResourcesWithoutEnt: 0.5),
        [SchoolKind.Maternelle] = new(
            DevicesPer100: 5.0, ReferencePupils: 90, SizeElasticity: 0.3, DevicesSigma: 0.6,
            NoMobileChance: 0.20, MobileShare: 0.60, MobileSharePriority: 0.65,
            BoardsPerPupil: 0.010, ProjectorsPerPupil: 0.008, Printers3D: 0.01,
            BandwidthBands: [0.10, 0.35, 0.43, 0.12], Wifi: [0.40, 0.40, 0.20], PartialAboveHalf: 0.65, WiredAboveHalf: 0.45,
            EntChance: 0.30, ResourcesWithEnt: 1.5, ResourcesWithoutEnt: 0.3),
    };

    private static SchoolKind? KindOf(School school)
    {
        var nature = school.Nature ?? "";
        if (school.Types.Contains("Collège")) return SchoolKind.College;
        if (school.Types.Contains("Lycée"))
        {
            return nature.Contains("PROFESSIONNEL", StringComparison.OrdinalIgnoreCase) ? SchoolKind.LyceePro : SchoolKind.LyceeGt;
        }
        if (school.Types.Contains("Ecole") || school.Types.Contains("École"))
        {
            return nature.Contains("MATERNELLE", StringComparison.OrdinalIgnoreCase) ? SchoolKind.Maternelle : SchoolKind.Ecole;
        }
        return null;
    }

    /// <summary>
    /// The head count a school's demonstration equipment is scaled to: its pupils when a source gives them,
    /// else a plausible size for its type and sector, drawn from its UAI. That size is never written to the
    /// record (its <see cref="InventaireRecord.Pupils"/> stays unknown); null for a type the generator skips.
    /// </summary>
    public static int? SizeBasis(School school)
    {
        if (KindOf(school) is not { } kind) return null;
        var isPublic = !string.Equals(school.Sector, "Privé", StringComparison.OrdinalIgnoreCase);
        return SizeBasis(school, kind, isPublic, Seed(school.Uai));
    }

    private static int SizeBasis(School school, SchoolKind kind, bool isPublic, ulong seed) =>
        school.Pupils ?? PlausibleSize(new Draws(seed, "eleves"), kind, isPublic);

    /// <summary>A plausible head count for a school whose sources give none (the annuaire gives it for écoles only).</summary>
    private static int PlausibleSize(Draws draws, SchoolKind kind, bool isPublic)
    {
        var (median, sigma, min, max) = kind switch
        {
            SchoolKind.College => (isPublic ? 470.0 : 380.0, 0.40, 60, 1100),
            SchoolKind.LyceeGt => (isPublic ? 900.0 : 450.0, 0.45, 80, 2500),
            SchoolKind.LyceePro => (isPublic ? 330.0 : 200.0, 0.45, 40, 1200),
            SchoolKind.Maternelle => (90.0, 0.45, 15, 300),
            _ => (130.0, 0.6, 10, 600),
        };
        return (int)Math.Clamp(Math.Round(median * Math.Exp(sigma * draws.Normal())), min, max);
    }

    /// <summary>Second-degree ENTs by région (COG code); écoles use one of the common first-degree ENTs.</summary>
    private static readonly Dictionary<string, (string? College, string? Lycee)> EntByRegion = new(StringComparer.Ordinal)
    {
        ["76"] = ("ENT Occitanie", "ENT Occitanie"),
        ["53"] = ("Toutatice", "Toutatice"),
        ["44"] = ("Mon Bureau Numérique", "Mon Bureau Numérique"),
        ["32"] = ("ENT Hauts-de-France", "ENT Hauts-de-France"),
        ["84"] = ("ENT Auvergne-Rhône-Alpes", "ENT Auvergne-Rhône-Alpes"),
        ["93"] = (null, "AtriumSud"),
        ["52"] = ("e-lyco", "e-lyco"),
        ["24"] = (null, "NetO'Centre"),
        ["28"] = ("L'Educ de Normandie", "L'Educ de Normandie"),
        ["27"] = ("Eclat-BFC", "Eclat-BFC"),
        ["11"] = (null, "MonLycée.net"),
        ["75"] = (null, "Lycée connecté"),
    };

    private static readonly string[] FirstDegreeEnts = ["ONE", "Beneylu School", "ENT 1D de l'académie"];

    private static string EntName(School school, SchoolKind kind, Draws draws)
    {
        if (kind is SchoolKind.Ecole or SchoolKind.Maternelle) return FirstDegreeEnts[draws.Pick([0.5, 0.3, 0.2])];
        var known = school.RegionCode is { } region && EntByRegion.TryGetValue(region, out var names)
            ? kind == SchoolKind.College ? names.College : names.Lycee
            : null;
        return known ?? "ENT de l'académie";
    }

    private static ulong Seed(string uai)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(SeedPrefix + uai));
        return BitConverter.ToUInt64(hash, 0);
    }

    /// <summary>
    /// A SplitMix64 stream for one quantity of one school: the school's seed mixed with the quantity's
    /// name, so adding or reordering draws of one quantity never shifts another.
    /// </summary>
    private sealed class Draws
    {
        private ulong _state;

        public Draws(ulong seed, string quantity)
        {
            var h = 14695981039346656037UL; // FNV-1a of the quantity's name
            foreach (var c in quantity)
            {
                h ^= c;
                h *= 1099511628211UL;
            }
            _state = seed ^ h;
        }

        private ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, 1).</summary>
        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

        public double Uniform(double min, double max) => min + (max - min) * NextDouble();

        public double LogUniform(double min, double max) => Math.Exp(Uniform(Math.Log(min), Math.Log(max)));

        public int Integer(int min, int max) => min + (int)(NextDouble() * (max - min + 1));

        public bool Chance(double probability) => NextDouble() < probability;

        /// <summary>Standard normal (Box–Muller).</summary>
        public double Normal()
        {
            var u1 = 1.0 - NextDouble();
            var u2 = NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        /// <summary>A lognormal factor whose mean is 1.</summary>
        public double LogNormalMeanOne(double sigma) => Math.Exp(sigma * Normal() - sigma * sigma / 2);

        public int Poisson(double lambda)
        {
            if (lambda <= 0) return 0;
            if (lambda > 50) return Math.Max(0, (int)Math.Round(lambda + Math.Sqrt(lambda) * Normal()));
            var limit = Math.Exp(-lambda);
            var k = 0;
            var p = NextDouble();
            while (p > limit)
            {
                k++;
                p *= NextDouble();
            }
            return k;
        }

        /// <summary>An index drawn with the given weights (they need not sum to 1).</summary>
        public int Pick(double[] weights)
        {
            var x = NextDouble() * weights.Sum();
            for (var i = 0; i < weights.Length - 1; i++)
            {
                if (x < weights[i]) return i;
                x -= weights[i];
            }
            return weights.Length - 1;
        }
    }
}
