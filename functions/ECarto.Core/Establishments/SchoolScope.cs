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
