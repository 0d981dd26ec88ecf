using System.Text.Json.Serialization;
using ECarto.Establishments;
using ECarto.Sources;
using ECarto.Sources.Arcep;
using ECarto.Sources.Effectifs;
using ECarto.Sources.Inventaire;
using ECarto.Sources.Ips;

namespace ECarto.Indicators;

/// <summary>The five components an indicator belongs to: its id (as the API gives it) and its French label.</summary>
public static class Components
{
    public const string Connectivite = "connectivite";
    public const string Equipement = "equipement";
    public const string Services = "services-et-ressources";
    public const string Experimentations = "experimentations";
    public const string Contexte = "contexte";

    public static readonly IReadOnlyList<(string Id, string Label)> All =
    [
        (Connectivite, "Connectivité"),
        (Equipement, "Équipement"),
        (Services, "Services et ressources"),
        (Experimentations, "Expérimentations"),
        (Contexte, "Contexte"),
    ];
}

/// <summary>How an indicator's per-school values become a territory's figure.</summary>
public static class AggregationRules
{
    /// <summary>The number of schools whose value is « oui » (an e-FRAN school).</summary>
    public const string Count = "nombre";

    /// <summary>The sum of the schools' known values (terminals, pupils).</summary>
    public const string Sum = "somme";

    /// <summary>The schools whose value is « oui », over the schools whose value is known.</summary>
    public const string Share = "part";

    /// <summary>Sum of numerators over sum of denominators, over the schools where both are known.</summary>
    public const string RatioOfSums = "ratio-de-sommes";

    /// <summary>The number and share of schools in each band, over the schools whose value is known.</summary>
    public const string Bands = "tranches";

    /// <summary>The plain mean of the known values.</summary>
    public const string Mean = "moyenne";

    /// <summary>
    /// A commune's figure: eligible premises summed over the territory's communes, over their premises
    /// (exact, from the premises counts), not over schools.
    /// </summary>
    public const string CommunePremisesShare = "part-des-locaux-des-communes";
}

/// <summary>One band of an indicator aggregated in bands: its code (as the source writes it) and its French label.</summary>
public sealed record IndicatorBand(string Code, string Label);

/// <summary>
/// A school's value for an indicator: <see cref="Value"/> (1 or 0 for a yes/no, a quantity, a numerator),
/// <see cref="Denominator"/> for a ratio, <see cref="Band"/> for a distribution. No reading is « N.C. ».
/// </summary>
public readonly record struct IndicatorReading(double Value, double Denominator = 0, string? Band = null)
{
    public static IndicatorReading? Flag(bool? value) => value is { } v ? new IndicatorReading(v ? 1 : 0) : null;

    public static IndicatorReading? Number(double? value) => value is { } v ? new IndicatorReading(v) : null;

    public static IndicatorReading? Of(string? band) => band is null ? null : new IndicatorReading(0, Band: band);
}

/// <summary>The Arcep fixed-network measures of a commune, summed as premises counts.</summary>
public enum PremisesMeasure { Eligible8, Eligible30, Eligible100, Eligible1G, Ftth }

/// <summary>
/// An indicator of the catalogue. <see cref="Read"/> is the one place that says how a school's value is
/// read; a commune-level figure (<see cref="Premises"/>) is read from its commune's premises counts.
/// </summary>
public sealed record Indicator
{
    public required string Id { get; init; }
    public required string Label { get; init; }
    public required string Component { get; init; }
    public required string Unit { get; init; }
    public required string Definition { get; init; }
    public required string Aggregation { get; init; }
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>From the inventaire numérique: its figures are a demonstration wherever no real inventory was deposited.</summary>
    public bool CanBeDemonstration { get; init; }

    /// <summary>The school types it is about (« college » for the IPS), or null for every type.</summary>
    public string? AppliesTo { get; init; }

    public IReadOnlyList<IndicatorBand>? Bands { get; init; }

    /// <summary>Whether the figure is broken down by school type and sector (not for a commune's figure).</summary>
    public bool BrokenDown => Premises is null;

    [JsonIgnore] public Func<School, IndicatorReading?>? Read { get; init; }

    [JsonIgnore] public PremisesMeasure? Premises { get; init; }
}

/// <summary>
/// The one indicator catalogue: the computation at publish, the API, the site and the exports iterate over
/// it. Adding an indicator is one entry here (with its reading), nothing else.
/// </summary>
public static class IndicatorCatalogue
{
    private const string Inventory = "inventaire";

    private static Indicator Arcep(string id, string label, PremisesMeasure measure, string definition, params string[] sources) => new()
    {
        Id = id, Label = label, Component = Components.Connectivite, Unit = "%", Definition = definition,
        Aggregation = AggregationRules.CommunePremisesShare, Sources = sources, Premises = measure,
    };

    private static Indicator FromInventory(string id, string label, string component, string unit, string rule, string definition, Func<InventaireRecord, IndicatorReading?> read, IReadOnlyList<IndicatorBand>? bands = null) => new()
    {
        Id = id, Label = label, Component = component, Unit = unit, Definition = definition, Aggregation = rule,
        Sources = [InventaireSource.Definition.Id], CanBeDemonstration = true, Bands = bands,
        Read = school => school.Inventory is { } inventory ? read(inventory) : null,
    };

    private const string CommuneNote = " Chiffre de la commune de l'établissement (tous les locaux de la commune, pas l'établissement lui-même) ; pour un territoire, somme des locaux de ses communes.";

    public static readonly IReadOnlyList<Indicator> All =
    [
        Arcep("arcep-eligibles-8", "Locaux éligibles à 8 Mbit/s ou plus (commune)", PremisesMeasure.Eligible8,
            "Part des locaux de la commune éligibles à un accès fixe d'au moins 8 Mbit/s descendants, toutes technologies." + CommuneNote, ArcepFixeSource.Definition.Id),
        Arcep("arcep-eligibles-30", "Locaux éligibles à 30 Mbit/s ou plus (commune)", PremisesMeasure.Eligible30,
            "Part des locaux de la commune éligibles à un accès fixe d'au moins 30 Mbit/s (très haut débit)." + CommuneNote, ArcepFixeSource.Definition.Id),
        Arcep("arcep-eligibles-100", "Locaux éligibles à 100 Mbit/s ou plus (commune)", PremisesMeasure.Eligible100,
            "Part des locaux de la commune éligibles à un accès fixe d'au moins 100 Mbit/s." + CommuneNote, ArcepFixeSource.Definition.Id),
        Arcep("arcep-eligibles-1g", "Locaux éligibles à 1 Gbit/s ou plus (commune)", PremisesMeasure.Eligible1G,
            "Part des locaux de la commune éligibles à un accès fixe d'au moins 1 Gbit/s." + CommuneNote, ArcepFixeSource.Definition.Id),
        Arcep("arcep-ftth", "Locaux raccordables à la fibre (FttH) (commune)", PremisesMeasure.Ftth,
            "Locaux raccordables à la fibre jusqu'à l'abonné (Observatoire THD, dernier trimestre du fichier) rapportés aux locaux de « Ma connexion internet », sur les communes qui ont les deux chiffres ; les deux fichiers n'ont pas la même date." + CommuneNote,
            ArcepThdSource.Definition.Id, ArcepFixeSource.Definition.Id),
        new()
        {
            Id = "reseau-4g", Label = "Établissements avec un site 4G à moins de 2 km", Component = Components.Connectivite, Unit = "%",
            Definition = "Part des établissements qui ont au moins un site mobile 4G (tous opérateurs) à moins de 2 km, d'après la liste des sites de l'Arcep (France métropolitaine). Un accès possible, pas une mesure du signal dans le bâtiment.",
            Aggregation = AggregationRules.Share, Sources = [ArcepMobileSource.Definition.Id],
            Read = school => school.Mobile is { } mobile ? new IndicatorReading(mobile.Sites4G > 0 ? 1 : 0) : null,
        },
        FromInventory("debit-mesure", "Débit mesuré", Components.Connectivite, "tranche", AggregationRules.Bands,
            "Débit descendant mesuré dans l'établissement, par tranche.", i => IndicatorReading.Of(i.BandwidthBand),
            [new(BandwidthBands.Below2, "moins de 2 Mbit/s"), new(BandwidthBands.From2To10, "2 à 10 Mbit/s"), new(BandwidthBands.From10To100, "10 à 100 Mbit/s"), new(BandwidthBands.AtLeast100, "100 Mbit/s et plus")]),
        FromInventory("type-acces", "Type d'accès à internet", Components.Connectivite, "tranche", AggregationRules.Bands,
            "Technologie de l'accès principal de l'établissement à internet, déclarée dans l'inventaire numérique.", i => IndicatorReading.Of(i.AccessType),
            [new(AccessTypes.Fibre, "fibre optique"), new(AccessTypes.Cable, "câble"), new(AccessTypes.Copper, "cuivre (ADSL, VDSL, SDSL)"),
                new(AccessTypes.Radio, "radio (THD radio, WiMAX)"), new(AccessTypes.Mobile4G, "4G ou 5G fixe"), new(AccessTypes.Satellite, "satellite")]),
        FromInventory("fibre", "Établissements raccordés à la fibre optique", Components.Connectivite, "établissements", AggregationRules.Count,
            "Établissements dont l'accès principal à internet passe par la fibre optique (type d'accès « fibre » de l'inventaire) ; N.C. quand le type d'accès n'est pas déclaré.",
            i => i.AccessType is { } access ? IndicatorReading.Flag(access == AccessTypes.Fibre) : null),
        FromInventory("wifi", "Wifi", Components.Connectivite, "tranche", AggregationRules.Bands,
            "Couverture wifi des salles de l'établissement.", i => IndicatorReading.Of(i.Wifi),
            [new(WifiCoverage.None, "aucun"), new(WifiCoverage.Partial, "partiel"), new(WifiCoverage.AllRooms, "toutes les salles")]),
        FromInventory("terminaux", "Terminaux pour les élèves", Components.Equipement, "terminaux", AggregationRules.Sum,
            "Ordinateurs et tablettes à l'usage des élèves, mobiles compris.", i => IndicatorReading.Number(i.Devices)),
        FromInventory("terminaux-mobiles", "Terminaux mobiles", Components.Equipement, "terminaux", AggregationRules.Sum,
            "Ordinateurs portables et tablettes parmi les terminaux.", i => IndicatorReading.Number(i.MobileDevices)),
        FromInventory("eleves-par-terminal", "Élèves par terminal", Components.Equipement, "élèves par terminal", AggregationRules.RatioOfSums,
            "Élèves divisés par terminaux ; pour un territoire, somme des élèves sur somme des terminaux des établissements qui donnent les deux.",
            i => i.Pupils is { } p && i.Devices is { } d ? new IndicatorReading(p, d) : null),
        FromInventory("eleves-par-terminal-mobile", "Élèves par terminal mobile", Components.Equipement, "élèves par terminal mobile", AggregationRules.RatioOfSums,
            "Élèves divisés par terminaux mobiles ; pour un territoire, somme des élèves sur somme des terminaux mobiles des établissements qui donnent les deux.",
            i => i.Pupils is { } p && i.MobileDevices is { } d ? new IndicatorReading(p, d) : null),
        FromInventory("tbi", "Tableaux et écrans interactifs", Components.Equipement, "équipements", AggregationRules.Sum,
            "Tableaux blancs interactifs, écrans numériques interactifs et vidéoprojecteurs interactifs (TBI, TNI, VPI).", i => IndicatorReading.Number(i.InteractiveBoards)),
        FromInventory("videoprojecteurs", "Vidéoprojecteurs", Components.Equipement, "vidéoprojecteurs", AggregationRules.Sum,
            "Vidéoprojecteurs non interactifs.", i => IndicatorReading.Number(i.Projectors)),
        FromInventory("imprimante-3d", "Établissements avec au moins une imprimante 3D", Components.Equipement, "%", AggregationRules.Share,
            "Part des établissements qui ont au moins une imprimante 3D.", i => i.Printers3D is { } n ? new IndicatorReading(n >= 1 ? 1 : 0) : null),
        FromInventory("ent", "Établissements avec un ENT", Components.Services, "%", AggregationRules.Share,
            "Part des établissements qui disposent d'un espace numérique de travail.", i => IndicatorReading.Flag(i.HasEnt)),
        FromInventory("ressources-numeriques", "Ressources numériques par établissement", Components.Services, "ressources", AggregationRules.Mean,
            "Nombre moyen de ressources numériques mises à disposition des élèves (GAR notamment).", i => IndicatorReading.Number(i.DigitalResources)),
        FromInventory("efran", "Établissements e-FRAN", Components.Experimentations, "établissements", AggregationRules.Count,
            "Établissements engagés dans une expérimentation e-FRAN (espaces de formation, de recherche et d'animation numériques).", i => IndicatorReading.Flag(i.EFran)),
        FromInventory("profan", "Établissements PRO-FAN", Components.Experimentations, "établissements", AggregationRules.Count,
            "Établissements engagés dans l'expérimentation PRO-FAN (voie professionnelle).", i => IndicatorReading.Flag(i.ProFan)),
        FromInventory("college-lab", "Collèges lab", Components.Experimentations, "établissements", AggregationRules.Count,
            "Établissements labellisés collège lab.", i => IndicatorReading.Flag(i.CollegeLab)),
        new()
        {
            Id = "eleves", Label = "Élèves", Component = Components.Contexte, Unit = "élèves",
            Definition = "Élèves de l'établissement : l'annuaire pour les écoles, la dernière rentrée du fichier des effectifs pour les lycées ; les collèges n'ont pas d'effectif dans les sources (N.C.).",
            Aggregation = AggregationRules.Sum, Sources = [SourceCatalog.Annuaire.Id, EffectifsSource.Definition.Id],
            Read = school => IndicatorReading.Number(school.Pupils),
        },
        new()
        {
            Id = "ips", Label = "Indice de position sociale (collèges)", Component = Components.Contexte, Unit = "indice",
            Definition = "Indice de position sociale des collèges, dernière rentrée ; pour un territoire, moyenne simple des collèges dont l'IPS est connu.",
            Aggregation = AggregationRules.Mean, Sources = [IpsSource.Definition.Id], AppliesTo = "college",
            Read = school => IndicatorReading.Number(school.Ips),
        },
        new()
        {
            Id = "education-prioritaire", Label = "Éducation prioritaire", Component = Components.Contexte, Unit = "tranche",
            Definition = "Appartenance à l'éducation prioritaire (REP, REP+) selon l'annuaire ; N.C. pour un établissement que l'annuaire ne décrit pas.",
            Aggregation = AggregationRules.Bands, Sources = [SourceCatalog.Annuaire.Id],
            Bands = [new("REP+", "REP+"), new("REP", "REP"), new("hors", "hors éducation prioritaire")],
            Read = school => school.Source.SourceId != SourceCatalog.Annuaire.Id ? null
                : IndicatorReading.Of(string.IsNullOrWhiteSpace(school.PriorityEducation) ? "hors" : school.PriorityEducation.Trim()),
        },
    ];

    private static readonly Dictionary<string, Indicator> ById = All.ToDictionary(i => i.Id, StringComparer.Ordinal);

    public static Indicator? Find(string id) => ById.GetValueOrDefault(id);

    /// <summary>
    /// The school-type groups of the breakdown, as stable slugs with their French labels: a cité scolaire counts
    /// in each of its types; « lycee » is every lycée, « lycee-gt » and « lycee-pro » those with a voie générale
    /// or technologique and those with a voie professionnelle (a lycée polyvalent counts in both, see
    /// <see cref="SchoolScope.LyceeKind"/>).
    /// </summary>
    public static readonly IReadOnlyList<(string Id, string Label)> TypeGroupLabels =
    [
        ("ecole", "Écoles"),
        ("college", "Collèges"),
        ("lycee", "Lycées"),
        (SchoolScope.LyceeGt, "Lycées généraux et technologiques"),
        (SchoolScope.LyceePro, "Lycées professionnels"),
        ("erea", "EREA"),
    ];

    public static readonly IReadOnlyList<string> TypeGroups = TypeGroupLabels.Select(g => g.Id).ToList();

    public static readonly IReadOnlyList<(string Id, string Label)> SectorGroupLabels = [("public", "Public"), ("prive", "Privé")];

    public static readonly IReadOnlyList<string> SectorGroups = SectorGroupLabels.Select(g => g.Id).ToList();

    /// <summary>The label of a type group (« Lycées professionnels »), or the slug itself when unknown.</summary>
    public static string TypeGroupLabel(string id) => TypeGroupLabels.FirstOrDefault(g => g.Id == id).Label ?? id;

    /// <summary>
    /// The type groups a source that lists schools lists in full: the national collèges file lists only the
    /// collèges (where it is the only list, the other types are unknown), the annuaire every type.
    /// </summary>
    public static IReadOnlyList<string> ListedTypes(string? identitySourceId) =>
        identitySourceId == Sources.Colleges.CollegesSource.Definition.Id ? ["college"] : TypeGroups;

    /// <summary>The sector slug of a school: « public », « prive », or null when the source gives none.</summary>
    public static string? SectorOf(School school) => Text.FrenchText.Slug(school.Sector) is "public" or "prive" ? Text.FrenchText.Slug(school.Sector) : null;

    /// <summary>The sources a school holds a figure from (its identity's, and each of its figures').</summary>
    public static IEnumerable<string> SourcesOf(School school)
    {
        yield return school.Source.SourceId ?? SourceCatalog.Annuaire.Id;
        if (school.PupilsRentree is not null) yield return EffectifsSource.Definition.Id;
        if (school.Ips is not null) yield return IpsSource.Definition.Id;
        if (school.Mobile is not null) yield return ArcepMobileSource.Definition.Id;
        if (school.Inventory is not null) yield return Inventory;
    }
}
