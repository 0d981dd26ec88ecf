using System.Globalization;
using ECarto.Api;
using ECarto.Establishments;
using ECarto.Indicators;
using ECarto.Sources;
using ECarto.Text;
using Microsoft.AspNetCore.Http;

namespace ECarto.Search;

/// <summary>
/// What the filters read of a school, kept in the index (computed once per data version, never per request).
/// </summary>
/// <param name="Sector">« public », « prive », or null when the source gives none.</param>
/// <param name="PriorityEducation">« rep », « rep-plus », « hors », or null for a school the annuaire does not describe.</param>
/// <param name="Without4G">No Arcep 4G site within 2 km; null where the sites file says nothing (overseas, no position).</param>
/// <param name="HasInventory">An inventaire numérique is held for the school (a deposited one or the demonstration's).</param>
public sealed record SchoolFacts(string? Sector, string? PriorityEducation, bool? Without4G, bool HasInventory, double? Latitude, double? Longitude)
{
    public static readonly SchoolFacts None = new(null, null, null, false, null, null);

    public static SchoolFacts Of(School school) => new(
        IndicatorCatalogue.SectorOf(school),
        PriorityEducationOf(school),
        school.Mobile is { } mobile ? mobile.Sites4G == 0 : null,
        school.Inventory is not null,
        school.Latitude,
        school.Longitude);

    /// <summary>The annuaire's « REP », « REP+ » or nothing (hors), as the catalogue's « education-prioritaire » reads it.</summary>
    private static string? PriorityEducationOf(School school) =>
        school.Source.SourceId != SourceCatalog.Annuaire.Id ? null
        : school.PriorityEducation?.Trim().ToUpperInvariant() switch
        {
            null or "" => "hors",
            "REP" => "rep",
            "REP+" => "rep-plus",
            _ => null,
        };
}

/// <summary>
/// One selection of schools: the words of a search and its filters, as the query string of
/// <c>GET /api/etablissements</c> gives them. Defined once: the search, its facets and the exports read it.
/// Filter values are normalised (slugs); a filter absent from <see cref="Filters"/> is not applied (for
/// <c>type</c> and <c>etat</c>: the default scope, the observatory's schools open today).
/// </summary>
public sealed record SchoolSelection
{
    public const string QueryParameter = "q";

    public string Query { get; init; } = "";

    /// <summary>The filters given, by parameter (<see cref="SchoolFilters.Parameters"/>), each with its normalised value.</summary>
    public IReadOnlyDictionary<string, string> Filters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string? ValueOf(string parameter) => Filters.GetValueOrDefault(parameter);

    public string? Type => ValueOf(SchoolFilters.Type);

    public string? State => ValueOf(SchoolFilters.State);

    /// <summary>The same selection without one filter.</summary>
    public SchoolSelection Without(string parameter) =>
        this with { Filters = Filters.Where(f => f.Key != parameter).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal) };

    /// <summary>
    /// Reads <c>q</c> and every filter of <see cref="SchoolFilters.Parameters"/> (other parameters are
    /// ignored): a 400 problem naming the parameter and its accepted values for a query too long, an
    /// unknown value, an unknown territory, or a filter given twice (filters take one value each).
    /// </summary>
    public static (SchoolSelection? Selection, IResult? Problem) Parse(IQueryCollection query, SchoolCatalog catalog)
    {
        if (query[QueryParameter].Count > 1) return (null, Twice(QueryParameter, query[QueryParameter].Count));
        var q = query[QueryParameter].ToString().Trim();
        if (q.Length > EstablishmentHandlers.MaxQueryLength)
        {
            return (null, Problems.BadRequest(QueryParameter, $"La recherche dépasse {EstablishmentHandlers.MaxQueryLength} caractères : raccourcissez-la."));
        }
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var filter in SchoolFilters.All)
        {
            var values = query[filter.Parameter];
            if (values.Count > 1) return (null, Twice(filter.Parameter, values.Count));
            var text = values.ToString().Trim();
            if (text.Length == 0) continue;
            var (value, problem) = filter.Read(catalog, text);
            if (problem is not null) return (null, problem);
            filters[filter.Parameter] = value!;
        }
        return (new SchoolSelection { Query = q, Filters = filters }, null);
    }

    private static IResult Twice(string parameter, int count) => Problems.BadRequest(parameter,
        $"« {parameter} » est donné {count} fois : chaque filtre prend une seule valeur (des valeurs différentes seraient contradictoires). " +
        "Gardez-en une seule.");
}

/// <summary>A filter of <see cref="SchoolSelection"/>: its parameter, its accepted values, and what it keeps.</summary>
internal sealed class SchoolFilter
{
    public required string Parameter { get; init; }

    /// <summary>How a no-result suggestion names it: « le filtre secteur ».</summary>
    public required string Label { get; init; }

    /// <summary>The accepted values of a closed filter (its facet), labelled; null for an open one (a territory, a threshold).</summary>
    public Func<SchoolCatalog, IReadOnlyList<(string Value, string Label)>>? Values { get; init; }

    /// <summary>An open filter's reading of its text: the normalised value, or a 400 problem.</summary>
    public Func<SchoolCatalog, string, (string? Value, IResult? Problem)>? ReadOpen { get; init; }

    /// <summary>Other spellings of a closed filter's values (« rep+ » for rep-plus).</summary>
    public IReadOnlyDictionary<string, string> Aliases { get; init; } = new Dictionary<string, string>();

    /// <summary>The values of a closed filter an entry has (a cité scolaire has several types).</summary>
    public Func<SchoolIndex.Entry, IEnumerable<string>> ValuesOf { get; init; } = _ => [];

    /// <summary>
    /// For a closed filter, whether an entry passes when the filter is not given (the default scope: the
    /// observatory's types, the open schools); null: every entry passes.
    /// </summary>
    public Func<SchoolIndex.Entry, bool>? ByDefault { get; init; }

    private readonly Func<SchoolCatalog, string?, Func<int, bool, bool>>? _test;

    /// <summary>
    /// Whether the entry at a position passes the filter with this value (null: the filter not given);
    /// the bool says the entry is the query's exact UAI, which the default scope always lets through.
    /// A closed filter's is read from <see cref="ValuesOf"/> and <see cref="ByDefault"/>.
    /// </summary>
    public Func<SchoolCatalog, string?, Func<int, bool, bool>> Test
    {
        get => _test ?? ClosedTest;
        init => _test = value;
    }

    public bool IsClosed => Values is not null;

    private Func<int, bool, bool> ClosedTest(SchoolCatalog catalog, string? value) => value is null
        ? ByDefault is not { } byDefault ? (_, _) => true : (position, exact) => exact || byDefault(catalog.Index.EntryAt(position))
        : (position, _) => ValuesOf(catalog.Index.EntryAt(position)).Contains(value, StringComparer.Ordinal);

    public (string? Value, IResult? Problem) Read(SchoolCatalog catalog, string text)
    {
        if (ReadOpen is not null) return ReadOpen(catalog, text);
        var values = Values!(catalog);
        if (Aliases.TryGetValue(text.ToLowerInvariant(), out var alias)) return (alias, null);
        // A slug (« Collège » is college), but not of a text the slug would strip of its signs (« rep++ »).
        var slug = FrenchText.Slug(text);
        if (text.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '\'') && values.Any(v => v.Value == slug)) return (slug, null);
        return (null, Problems.BadRequest(Parameter,
            $"Valeur « {EstablishmentHandlers.Truncate(text, 40)} » inconnue pour « {Parameter} ». Valeurs possibles : {string.Join(", ", values.Select(v => v.Value))}."));
    }

}

/// <summary>The filters of a school search, in the order the answer lists them.</summary>
public static class SchoolFilters
{
    public const string Type = "type";
    public const string Sector = "secteur";
    public const string PriorityEducation = "ep";
    public const string Territory = TerritoryReference.Parameter;
    public const string State = "etat";
    public const string Without4G = "sans4g";
    public const string Inventory = "inventaire";
    public const string Arcep30Max = "arcep30Max";

    public static IReadOnlyList<string> Parameters => All.Select(f => f.Parameter).ToList();

    private static IEnumerable<string> One(string? value) => value is null ? [] : [value];

    internal static readonly IReadOnlyList<SchoolFilter> All =
    [
        new()
        {
            Parameter = Type, Label = "type",
            Values = catalog => catalog.TypeValues,
            ValuesOf = e => e.Groups,
            ByDefault = e => e.Observatory,
        },
        new()
        {
            Parameter = Sector, Label = "secteur",
            Values = _ => IndicatorCatalogue.SectorGroupLabels,
            ValuesOf = e => One(e.Facts.Sector),
        },
        new()
        {
            Parameter = PriorityEducation, Label = "éducation prioritaire",
            Values = _ => [("rep", "REP"), ("rep-plus", "REP+"), ("hors", "Hors éducation prioritaire")],
            Aliases = new Dictionary<string, string> { ["rep+"] = "rep-plus" },
            ValuesOf = e => One(e.Facts.PriorityEducation),
        },
        new()
        {
            Parameter = Territory, Label = "territoire",
            ReadOpen = (catalog, text) => TerritoryReference.Parse(text) is not { } territory ? (null, TerritoryReference.Invalid(text))
                : catalog.Directory.Header(territory.Level, territory.Code) is null && territory.Level != Territories.TerritoryLevel.France
                    ? (null, TerritoryReference.Unknown(territory, catalog.Version))
                    : ($"{territory.Level}:{territory.Code}", null),
            Test = (catalog, value) =>
            {
                if (TerritoryReference.Parse(value) is not { } territory || territory.Level == Territories.TerritoryLevel.France) return (_, _) => true;
                var communes = catalog.Directory.CommunesOf(territory.Level, territory.Code);
                return (position, _) => catalog.Index.EntryAt(position).Summary.CommuneCode is { } commune && communes.Contains(commune);
            },
        },
        new()
        {
            Parameter = State, Label = "état",
            Values = catalog => catalog.StateValues,
            ValuesOf = e => [e.Summary.State],
            ByDefault = e => SchoolState.IsOpen(e.Summary.State),
        },
        new()
        {
            Parameter = Without4G, Label = "sans site 4G à 2 km",
            Values = _ => [("true", "Sans site 4G à moins de 2 km"), ("false", "Avec un site 4G à moins de 2 km")],
            ValuesOf = e => e.Facts.Without4G is { } without ? [without ? "true" : "false"] : [],
        },
        new()
        {
            Parameter = Inventory, Label = "inventaire",
            Values = _ => [("renseigne", "Inventaire renseigné"), ("non-renseigne", "Inventaire non renseigné")],
            ValuesOf = e => [e.Facts.HasInventory ? "renseigne" : "non-renseigne"],
        },
        new()
        {
            Parameter = Arcep30Max, Label = "éligibilité à 30 Mbit/s de la commune",
            ReadOpen = (_, text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var percent) && percent is >= 1 and <= 100
                ? (percent.ToString(CultureInfo.InvariantCulture), null)
                : (null, Problems.BadRequest(Arcep30Max,
                    $"« {Arcep30Max} » est un pourcentage entier de 1 à 100 : les établissements dont la commune a moins de ce pourcentage de locaux éligibles à 30 Mbit/s ou plus (reçu « {EstablishmentHandlers.Truncate(text, 20)} »).")),
            Test = (catalog, value) =>
            {
                if (value is null) return (_, _) => true;
                var max = int.Parse(value, CultureInfo.InvariantCulture);
                return (position, _) => catalog.Eligible30Percent(position) is { } percent && percent < max;
            },
        },
    ];
}
