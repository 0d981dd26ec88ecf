using System.Text.Json;
using ECarto.Api;
using ECarto.Search;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace ECarto.Exports.Spreadsheets;

/// <summary>The schools a request selects, in the search's order, and the selection in words.</summary>
/// <param name="FileNamePart">For the download name: « college-toulouse », « france » without any filter.</param>
public sealed record SelectedSchools(string DataVersion, IReadOnlyList<SchoolSummary> Schools, IReadOnlyList<(string Label, string Value)> Description, string FileNamePart);

/// <summary>
/// THE adapter between an export's query string and the search: the one place that turns the request
/// into the list of schools of the selection, with the search's own parameters (<c>q</c>, <c>type</c>,
/// <c>etat</c>), validation (its 400 bodies, unchanged), total and order.
/// When the search's <c>SchoolSelection</c> lands, <see cref="ResolveAsync"/> parses it from the query and
/// asks the index for all its schools; <see cref="Parameters"/> becomes its parameters. Nothing else changes.
/// </summary>
public sealed class SearchSelection(EstablishmentHandlers establishments, SchoolIndexProvider indexes)
{
    /// <summary>The search parameters an export takes (not the page: an export holds every result).</summary>
    public static readonly IReadOnlyList<string> Parameters = ["q", "type", "etat"];

    /// <summary>The selection, or the search's own problem (400, 503) for invalid parameters.</summary>
    public async Task<(SelectedSchools? Selection, IResult? Problem)> ResolveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // The search validates: the same parameters get the same 400 as the results page.
        var probe = new DefaultHttpContext { RequestServices = request.HttpContext.RequestServices };
        probe.Request.Method = HttpMethods.Get;
        probe.Request.Query = new QueryCollection(Parameters.Where(request.Query.ContainsKey).ToDictionary(p => p, p => (StringValues)request.Query[p].ToString()));
        var result = await establishments.SearchAsync(probe.Request, cancellationToken);
        using var answer = await ApiAnswer.ReadAsync(result, request.HttpContext);
        if (!answer.IsOk) return (null, result);
        var root = answer.Body!.RootElement;
        var query = Text(root, "query") ?? "";
        var type = Text(root, "type");
        var state = Text(root, "etat");
        var index = await indexes.GetAsync(cancellationToken);
        if (index.DataVersion is not { } version) return (null, Problems.Loading());
        var page = index.Search(query, type, 1, int.MaxValue, state);
        var description = new List<(string, string)>
        {
            ("Recherche", query.Length == 0 ? "(aucune : tous les établissements)" : query),
            ("Type", type ?? "(par défaut : écoles, collèges, lycées et EREA)"),
            ("État", state ?? "(par défaut : ouverts, y compris fermeture prévue)"),
        };
        var name = SpreadsheetText.FileNamePart(string.Join(' ', new[] { type, state, query }.Where(p => !string.IsNullOrEmpty(p))));
        return (new SelectedSchools(version, page.Results, description, name.Length == 0 ? "france" : name), null);
    }

    private static string? Text(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
