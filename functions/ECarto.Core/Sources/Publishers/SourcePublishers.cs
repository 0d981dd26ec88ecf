using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ECarto.Ingestion;
using Microsoft.Extensions.Configuration;

namespace ECarto.Sources.Publishers;

/// <summary>
/// The base URLs of the publishers' APIs: <c>Publishers:{name}:BaseUrl</c> (as an app setting,
/// <c>Publishers__DataGouv__BaseUrl</c>), else the public ones. Tests point them at a loopback server.
/// </summary>
public sealed class PublisherEndpoints(IConfiguration configuration)
{
    public Uri DataGouv => Base("DataGouv", "https://www.data.gouv.fr");

    public Uri DataEducation => Base("DataEducation", "https://data.education.gouv.fr");

    public Uri NpmRegistry => Base("Npm", "https://registry.npmjs.org");

    /// <summary>Serves the files of npm packages at an exact version (<c>{package}@{version}/{file}</c>).</summary>
    public Uri NpmFiles => Base("NpmFiles", "https://unpkg.com");

    private Uri Base(string name, string fallback)
    {
        var configured = configuration[$"Publishers:{name}:BaseUrl"];
        var value = string.IsNullOrWhiteSpace(configured) ? fallback : configured;
        if (!Uri.TryCreate(value.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"Le paramètre Publishers__{name}__BaseUrl n'est pas une adresse http(s) : « {value} ».");
        }
        return uri;
    }
}

/// <summary>
/// Asks a source's publisher which file is current: the data.gouv.fr API, the Opendatasoft Explore API
/// v2.1 of data.education.gouv.fr, or the npm registry. An API that answers an error, an HTML page or
/// JSON of another shape, or that has no matching resource, fails the source's run with a French
/// message (<see cref="SourceUnavailableException"/>): the last good data stays served.
/// </summary>
public sealed class SourcePublishers(IHttpClientFactory httpClients, PublisherEndpoints endpoints)
{
    public const string HttpClientName = "publishers";

    /// <summary>An API answer larger than this is not a dataset's metadata.</summary>
    private const int MaxAnswerBytes = 8 << 20;

    public Task<ResolvedSource> ResolveAsync(Publication publication, CancellationToken cancellationToken) => publication switch
    {
        DataGouvResource p => ResolveAsync(p, cancellationToken),
        OpendatasoftExport p => ResolveAsync(p, cancellationToken),
        NpmPackageFile p => ResolveAsync(p, cancellationToken),
        _ => throw new NotSupportedException(publication.GetType().Name),
    };

    private async Task<ResolvedSource> ResolveAsync(DataGouvResource publication, CancellationToken cancellationToken)
    {
        var api = new Uri(endpoints.DataGouv, $"api/1/datasets/{Uri.EscapeDataString(publication.Dataset)}/");
        using var answer = await GetJsonAsync(publication, api, cancellationToken);
        var resources = Property(publication, api, answer.RootElement, "resources", JsonValueKind.Array);
        var pattern = new Regex(publication.TitlePattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var count = 0;
        (JsonElement Resource, Uri Url, DateTimeOffset Modified)? best = null;
        foreach (var resource in resources.EnumerateArray())
        {
            count++;
            var format = Text(publication, api, resource, "format");
            var title = Text(publication, api, resource, "title");
            var url = Text(publication, api, resource, "url");
            var type = resource.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "main";
            if (type != "main" || !string.Equals(format, publication.Format, StringComparison.OrdinalIgnoreCase)) continue;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) continue;
            if (!pattern.IsMatch(title) && !pattern.IsMatch(Uri.UnescapeDataString(uri.Segments[^1]))) continue;
            var modified = Date(publication, api, resource, "last_modified");
            if (best is null || modified > best.Value.Modified) best = (resource, uri, modified);
        }
        if (best is not { } chosen)
        {
            throw new SourceUnavailableException($"Aucune ressource du jeu « {publication.Dataset} » sur data.gouv.fr ne correspond " +
                $"(format {publication.Format}, titre ou nom de fichier /{publication.TitlePattern}/) parmi ses {count} ressources ({api}).");
        }
        var chosenTitle = chosen.Resource.GetProperty("title").GetString();
        return new ResolvedSource(chosen.Url, chosen.Modified, publication.PublisherName, api,
            $"ressource « {chosenTitle} » du jeu « {publication.Dataset} », modifiée le {chosen.Modified:yyyy-MM-dd}");
    }

    private async Task<ResolvedSource> ResolveAsync(OpendatasoftExport publication, CancellationToken cancellationToken)
    {
        var dataset = Uri.EscapeDataString(publication.Dataset);
        var api = new Uri(endpoints.DataEducation, $"api/explore/v2.1/catalog/datasets/{dataset}");
        using var answer = await GetJsonAsync(publication, api, cancellationToken);
        var root = answer.RootElement;
        if (Text(publication, api, root, "dataset_id") != publication.Dataset)
        {
            throw Shape(publication, api, $"« dataset_id » vaut « {root.GetProperty("dataset_id").GetString()} » au lieu de « {publication.Dataset} »");
        }
        if (root.TryGetProperty("has_records", out var hasRecords) && hasRecords.ValueKind == JsonValueKind.False)
        {
            throw new SourceUnavailableException($"Le jeu « {publication.Dataset} » de data.education.gouv.fr ne contient plus aucun enregistrement ({api}).");
        }
        var metas = Property(publication, api, Property(publication, api, root, "metas", JsonValueKind.Object), "default", JsonValueKind.Object);
        var field = metas.TryGetProperty("data_processed", out var processed) && processed.ValueKind == JsonValueKind.String ? "data_processed" : "modified";
        var modified = Date(publication, api, metas, field);
        var query = string.Join('&', publication.Parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        var export = new Uri(endpoints.DataEducation, $"api/explore/v2.1/catalog/datasets/{dataset}/exports/csv" + (query.Length > 0 ? "?" + query : ""));
        return new ResolvedSource(export, modified, publication.PublisherName, api,
            $"export CSV du jeu « {publication.Dataset} », données du {modified:yyyy-MM-dd} ({field})");
    }

    private async Task<ResolvedSource> ResolveAsync(NpmPackageFile publication, CancellationToken cancellationToken)
    {
        // A scoped name keeps its « @ » and escapes its « / » (@etalab%2Fdecoupage-administratif), as the registry asks.
        var api = new Uri(endpoints.NpmRegistry, Uri.EscapeDataString(publication.Package).Replace("%40", "@", StringComparison.Ordinal));
        using var answer = await GetJsonAsync(publication, api, cancellationToken);
        var tags = Property(publication, api, answer.RootElement, "dist-tags", JsonValueKind.Object);
        var version = Text(publication, api, tags, "latest");
        var major = version.Split('.')[0];
        if (!int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw Shape(publication, api, $"version « {version} » illisible");
        }
        if (number != publication.Major)
        {
            throw new SourceUnavailableException($"Le paquet {publication.Package} est passé en version {version} (version majeure {number}, " +
                $"eCarto lit la {publication.Major}) : son format peut avoir changé ; vérifier le lecteur avant de l'ingérer, ou donner " +
                $"l'URL du fichier voulu dans le paramètre {SourceLocations.LocationSetting}.");
        }
        var modified = Date(publication, api, Property(publication, api, answer.RootElement, "time", JsonValueKind.Object), version);
        var file = new Uri(endpoints.NpmFiles, $"{publication.Package}@{version}/{publication.File}");
        return new ResolvedSource(file, modified, publication.PublisherName, api,
            $"{publication.Package} {version} publié le {modified:yyyy-MM-dd}, fichier {publication.File}");
    }

    private async Task<JsonDocument> GetJsonAsync(Publication publication, Uri api, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, api);
        request.Headers.Accept.ParseAdd("application/json");
        using (var response = await SourceFetcher.SendAsync(httpClients.CreateClient(HttpClientName), request, $"L'API de {publication.PublisherName} est injoignable", cancellationToken))
        {
            var body = await ReadAsync(response, cancellationToken);
            var text = Encoding.UTF8.GetString(body).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            var html = response.Content.Headers.ContentType?.MediaType == "text/html" || text.StartsWith('<');
            if (!response.IsSuccessStatusCode)
            {
                var detail = html ? "" : ErrorMessage(text) is { } message ? $" : « {message} »" : "";
                var missing = response.StatusCode == HttpStatusCode.NotFound ? " (jeu de données introuvable : supprimé ou renommé ?)" : "";
                throw new SourceUnavailableException($"L'API de {publication.PublisherName} a répondu {(int)response.StatusCode} {response.ReasonPhrase}{missing}{detail} ({api}).");
            }
            if (html)
            {
                throw new SourceUnavailableException($"L'API de {publication.PublisherName} a renvoyé une page HTML au lieu de JSON " +
                    $"(maintenance, ou l'API a changé d'adresse) ({api}).");
            }
            try
            {
                var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    document.Dispose();
                    throw Shape(publication, api, "la réponse n'est pas un objet JSON");
                }
                return document;
            }
            catch (JsonException error)
            {
                throw new SourceUnavailableException($"L'API de {publication.PublisherName} a renvoyé un JSON illisible ({api}) : {error.Message}", error);
            }
        }
    }

    private static async Task<byte[]> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var copy = new MemoryStream();
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            copy.Write(buffer, 0, read);
            if (copy.Length > MaxAnswerBytes) throw new SourceUnavailableException($"Réponse de l'API trop volumineuse (plus de {MaxAnswerBytes >> 20} Mo) : ce ne sont pas des métadonnées.");
        }
        return copy.ToArray();
    }

    /// <summary>The message of an API's JSON error (<c>message</c> for data.gouv.fr and Opendatasoft, <c>error</c> for npm).</summary>
    private static string? ErrorMessage(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            foreach (var name in new[] { "message", "error" })
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    private static JsonElement Property(Publication publication, Uri api, JsonElement parent, string name, JsonValueKind kind)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value) || value.ValueKind != kind)
        {
            throw Shape(publication, api, $"« {name} » absent ou d'un autre type (attendu : {Kind(kind)})");
        }
        return value;
    }

    private static string Text(Publication publication, Uri api, JsonElement parent, string name) =>
        Property(publication, api, parent, name, JsonValueKind.String).GetString()!;

    private static DateTimeOffset Date(Publication publication, Uri api, JsonElement parent, string name)
    {
        var text = Text(publication, api, parent, name);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : throw Shape(publication, api, $"date « {name} » illisible : « {text} »");
    }

    private static SourceUnavailableException Shape(Publication publication, Uri api, string what) =>
        new($"La réponse de l'API de {publication.PublisherName} n'a plus la forme attendue : {what} ({api}). L'API a peut-être changé ; " +
            "les données déjà publiées restent servies.");

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "liste",
        JsonValueKind.Object => "objet",
        JsonValueKind.String => "texte",
        _ => kind.ToString(),
    };
}
