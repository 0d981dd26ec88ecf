namespace ECarto.Establishments;

/// <summary>
/// One line of the annuaire about an establishment. A UAI can have several (a cité scolaire's collège
/// and lycée parts, an annexe at another address): each is kept as a site of the one establishment.
/// </summary>
public sealed record SchoolSite(
    string Name,
    string? Type,
    string? Address,
    string? PostalCode,
    string? CommuneCode,
    string? CommuneName,
    double? Latitude,
    double? Longitude);

/// <summary>An établissement (école, collège, lycée, …) identified by its UAI, as the API shows it.</summary>
public sealed record School
{
    public required string Uai { get; init; }
    public required string Name { get; init; }

    /// <summary>Every type its lines give, in file order (« Collège », « Lycée » for a cité scolaire).</summary>
    public required IReadOnlyList<string> Types { get; init; }

    /// <summary>Public or Privé.</summary>
    public string? Sector { get; init; }
    public string? NatureCode { get; init; }
    public string? Nature { get; init; }
    public string? Address { get; init; }
    public string? PostalCode { get; init; }
    public string? CommuneCode { get; init; }
    public string? CommuneName { get; init; }
    public required string DepartementCode { get; init; }
    public string? DepartementName { get; init; }
    public string? AcademieCode { get; init; }
    public string? AcademieName { get; init; }
    public string? RegionCode { get; init; }
    public string? RegionName { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }

    /// <summary>Number of pupils when a source gives it: the annuaire for écoles, the effectifs file for lycées.</summary>
    public int? Pupils { get; init; }

    /// <summary>Rentrée (year) of <see cref="Pupils"/>, when it comes from the effectifs file.</summary>
    public int? PupilsRentree { get; init; }

    /// <summary>Indice de position sociale of a collège, and its rentrée.</summary>
    public double? Ips { get; init; }
    public int? IpsRentree { get; init; }

    /// <summary>The commune code the source gave, when the Code officiel géographique maps it to another (merged commune).</summary>
    public string? CommuneCodeInSource { get; init; }

    /// <summary>
    /// The commune déléguée the source names, when it differs from today's commune (« La Chapelle-Janson »
    /// in La Chapelle-Fleurigné): <see cref="CommuneName"/> is always today's name from the COG.
    /// </summary>
    public string? CommuneDelegueeName { get; init; }

    /// <summary>The municipal arrondissement (Paris, Lyon, Marseille), kept as a detail of the commune.</summary>
    public string? ArrondissementCode { get; init; }
    public string? Phone { get; init; }
    public string? Website { get; init; }
    public string? Email { get; init; }
    public string? PriorityEducation { get; init; }

    /// <summary>
    /// The voies of a lycée as the annuaire flags them (<c>Voie_generale</c>, <c>Voie_technologique</c>,
    /// <c>Voie_professionnelle</c>); null when the source gives none of the three.
    /// </summary>
    public LyceeVoies? Voies { get; init; }

    /// <summary>
    /// The administrative state the source gives (annuaire `etat`, collèges file `etat_etablissement_libe`):
    /// « OUVERT », « A FERMER », « FERME »…, as written in the source; null when the source has no such column.
    /// </summary>
    public string? State { get; init; }

    /// <summary>The digital inventory (équipement, connectivité, services, expérimentations), when a source gives it.</summary>
    public ECarto.Sources.Inventaire.InventaireRecord? Inventory { get; init; }

    /// <summary>Arcep mobile sites around the school (metropolitan France; the sites file has no overseas data).</summary>
    public ECarto.Indicators.MobileSitesNearby? Mobile { get; init; }

    /// <summary>Every line of the source about this UAI: one per site.</summary>
    public required IReadOnlyList<SchoolSite> Sites { get; init; }

    /// <summary>Where the figures come from, with its date (attribution is required by the licence).</summary>
    public required SourceAttribution Source { get; init; }
}

/// <summary>
/// The voies of a lycée, each true (1), false (0) or unknown (empty) as the annuaire writes it. Over the
/// lines of one UAI (a cité scolaire, a lycée polyvalent and its section), a voie is true if any line says so.
/// </summary>
public sealed record LyceeVoies(bool? Generale, bool? Technologique, bool? Professionnelle)
{
    public bool IsEmpty => Generale is null && Technologique is null && Professionnelle is null;

    /// <summary>The voies of several lines: true if one says 1, else false if one says 0, else unknown; null when none gives any.</summary>
    public static LyceeVoies? Merge(IEnumerable<LyceeVoies?> lines)
    {
        var known = lines.OfType<LyceeVoies>().ToList();
        static bool? Any(IEnumerable<bool?> values) => values.Any(v => v == true) ? true : values.Any(v => v == false) ? false : null;
        var merged = new LyceeVoies(Any(known.Select(v => v.Generale)), Any(known.Select(v => v.Technologique)), Any(known.Select(v => v.Professionnelle)));
        return merged.IsEmpty ? null : merged;
    }
}

/// <summary>« Source : producteur, jeu de données, date » as the Licence Ouverte asks.</summary>
public sealed record SourceAttribution(string SourceId, string Producer, string Dataset, string Date, string Licence)
{
    public string Text => $"Source : {Producer}, {Dataset}, {Date} ({Licence})";

    public static SourceAttribution For(ECarto.Sources.SourceDefinition source, string date) =>
        new(source.Id, source.Producer, source.Dataset, date, source.Licence);
}
