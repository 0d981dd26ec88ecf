namespace ECarto.Sources.Publishers;

/// <summary>
/// How a source's current file is found through its publisher's API when the source uses its
/// production location (no configured <c>Sources:{id}:Location</c>, no sample file).
/// </summary>
public abstract record Publication
{
    /// <summary>The publisher, as named in run records and error messages.</summary>
    public abstract string PublisherName { get; }
}

/// <summary>
/// A data.gouv.fr dataset (<c>/api/1/datasets/{id-or-slug}/</c>): among its main resources of the given
/// format whose title or file name matches <see cref="TitlePattern"/> (a regular expression, case
/// insensitive), the most recently modified one (<c>last_modified</c>).
/// </summary>
public sealed record DataGouvResource(string Dataset, string Format, string TitlePattern) : Publication
{
    public override string PublisherName => "data.gouv.fr";
}

/// <summary>
/// A dataset of an Opendatasoft portal (data.education.gouv.fr, Explore API v2.1): its metadata
/// (<c>/api/explore/v2.1/catalog/datasets/{id}</c>) dates it (<c>metas.default.data_processed</c>, else
/// <c>modified</c>), and its CSV export (<c>…/exports/csv</c>, with these query parameters) is the file.
/// </summary>
public sealed record OpendatasoftExport(string Dataset, IReadOnlyList<KeyValuePair<string, string>> Parameters) : Publication
{
    public override string PublisherName => "data.education.gouv.fr";

    /// <summary>A « ; »-separated export, as our readers and the sample files expect.</summary>
    public static OpendatasoftExport Csv(string dataset, params (string Name, string Value)[] parameters) =>
        new(dataset, [new("delimiter", ";"), .. parameters.Select(p => KeyValuePair.Create(p.Name, p.Value))]);
}

/// <summary>
/// A file of an npm package: the registry's package document gives the latest version
/// (<c>dist-tags.latest</c>) and its publication date (<c>time</c>); the file is read at that exact
/// version from a CDN that serves the files of npm packages. A new major version is refused: its
/// format may have changed and must be checked before it is ingested.
/// </summary>
public sealed record NpmPackageFile(string Package, string File, int Major) : Publication
{
    public override string PublisherName => "registre npm";
}

/// <summary>What a publisher's API designated: the file to fetch, its date, and how it was found.</summary>
public sealed record ResolvedSource(Uri Url, DateTimeOffset? Modified, string Publisher, Uri ApiUrl, string Description);
