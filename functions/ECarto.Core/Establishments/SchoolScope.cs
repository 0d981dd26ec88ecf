using ECarto.Text;

namespace ECarto.Establishments;

/// <summary>
/// What the observatory is about. The annuaire also lists administrative services, CIOs, médico-social
/// establishments and lines with no type: they stay reachable (an explicit type filter), but never count
/// as schools and never appear in the default listing. Nor do establishments that are closed or not yet
/// open: their state is shown, never hidden as « open ».
/// </summary>
public static class SchoolScope
{
    /// <summary>The type given to a line whose source gives none, so that it can still be found.</summary>
    public const string UnknownType = "non renseigné";

    /// <summary>The observatory's establishments by type slug, with the label shown to users.</summary>
    private static readonly Dictionary<string, string> ObservatoryTypes = new(StringComparer.Ordinal)
    {
        ["ecole"] = "École",
        ["college"] = "Collège",
        ["lycee"] = "Lycée",
        ["erea"] = "EREA",
    };

    /// <summary>École, collège, lycée or EREA: the schools the observatory's figures are about.</summary>
    public static bool IsObservatoryType(string? type) => ObservatoryTypes.ContainsKey(FrenchText.Slug(type));

    /// <summary>The label to show for a type: the observatory's spelling (« Ecole » → « École »), else the source's.</summary>
    public static string Label(string type) => ObservatoryTypes.GetValueOrDefault(FrenchText.Slug(type), type);

    /// <summary>The types of a school, labelled, each once; « non renseigné » when the source gives none.</summary>
    public static IReadOnlyList<string> Types(IEnumerable<string?> types)
    {
        var labels = types.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => Label(t!.Trim())).Distinct(StringComparer.Ordinal).ToList();
        return labels.Count == 0 ? [UnknownType] : labels;
    }

    /// <summary>The breakdown group of the lycées with a voie générale or technologique (lycée général et technologique).</summary>
    public const string LyceeGt = "lycee-gt";

    /// <summary>The breakdown group of the lycées with a voie professionnelle (lycée professionnel).</summary>
    public const string LyceePro = "lycee-pro";

    /// <summary>
    /// The annuaire's natures (<c>code_nature</c>) that say the kind of a lycée whose voies are not given:
    /// LEGT, LT, LG and section générale et technologique (SEGT); LP and section professionnelle (SEP); lycée
    /// polyvalent and lycée agricole général, technologique et professionnel (both).
    /// </summary>
    private static readonly Dictionary<string, (bool GeneralOrTechnological, bool Professional)> LyceeNatures = new(StringComparer.Ordinal)
    {
        ["300"] = (true, false), ["301"] = (true, false), ["302"] = (true, false), ["335"] = (true, false),
        ["320"] = (false, true), ["334"] = (false, true),
        ["306"] = (true, true), ["307"] = (true, true),
    };

    /// <summary>
    /// Whether a lycée is a lycée général et technologique, a lycée professionnel, or both (a lycée polyvalent):
    /// from its voies when the annuaire gives them (générale or technologique; professionnelle), else from its
    /// nature. Neither for a school that is not a lycée, or a lycée with no voie (post-bac only, all voies at 0).
    /// </summary>
    public static (bool GeneralOrTechnological, bool Professional) LyceeKind(School school)
    {
        if (!school.Types.Any(t => FrenchText.Slug(t) == "lycee")) return (false, false);
        if (school.Voies is { } voies) return (voies.Generale == true || voies.Technologique == true, voies.Professionnelle == true);
        return school.NatureCode is { } nature && LyceeNatures.TryGetValue(nature, out var kind) ? kind : (false, false);
    }

    /// <summary>
    /// The breakdown groups of a school: the slug of each of its observatory types (a cité scolaire is in each),
    /// plus <see cref="LyceeGt"/> and <see cref="LyceePro"/> for a lycée (a lycée polyvalent is in both).
    /// </summary>
    public static IEnumerable<string> Groups(School school)
    {
        foreach (var slug in school.Types.Select(FrenchText.Slug).Where(ObservatoryTypes.ContainsKey).Distinct(StringComparer.Ordinal)) yield return slug;
        var (generalOrTechnological, professional) = LyceeKind(school);
        if (generalOrTechnological) yield return LyceeGt;
        if (professional) yield return LyceePro;
    }

    /// <summary>A school of the observatory (one of its types is) that is open today.</summary>
    public static bool IsCounted(School school) =>
        school.Types.Any(IsObservatoryType) && SchoolState.IsOpen(SchoolState.Slug(school.State));
}

/// <summary>
/// The administrative state of an establishment (annuaire `etat`, collèges file `etat_etablissement_libe`),
/// as a filter value and a French label.
/// </summary>
public static class SchoolState
{
    public const string Open = "ouvert";
    public const string Closing = "fermeture-prevue";
    public const string Opening = "ouverture-prevue";
    public const string Closed = "ferme";

    public static readonly IReadOnlyList<string> All = [Open, Closing, Opening, Closed];

    /// <summary>
    /// « OUVERT » → ouvert, « A FERMER » → fermeture-prevue, « A OUVRIR » → ouverture-prevue, « FERME » →
    /// ferme. A source without a state column lists open establishments (the annuaire's own rule): ouvert.
    /// An unknown value is kept as its slug, so that nothing is silently called open.
    /// </summary>
    public static string Slug(string? state) => FrenchText.Slug(state) switch
    {
        "" or "ouvert" or "ouverte" => Open,
        "a-fermer" or "fermeture-prevue" => Closing,
        "a-ouvrir" or "ouverture-prevue" => Opening,
        "ferme" or "fermee" => Closed,
        var other => other,
    };

    public static string Label(string slug) => slug switch
    {
        Open => "ouvert",
        Closing => "fermeture prévue",
        Opening => "ouverture prévue",
        Closed => "fermé",
        _ => slug.Replace('-', ' '),
    };

    /// <summary>The position of a state in filter lists: known states in <see cref="All"/>'s order, then the others.</summary>
    public static int Order(string slug) => All.Contains(slug) ? All.ToList().IndexOf(slug) : All.Count;

    /// <summary>Open today: « ouvert », or « fermeture prévue » (it still welcomes its pupils).</summary>
    public static bool IsOpen(string slug) => slug is Open or Closing;
}
