using ECarto.Api;
using ECarto.Search;
using Microsoft.AspNetCore.Http;

namespace ECarto.Exports.Spreadsheets;

/// <summary>The schools a request selects, in the search's order, and the selection in words.</summary>
/// <param name="FileNamePart">For the download name: « college-toulouse », « france » without any filter.</param>
public sealed record SelectedSchools(string DataVersion, IReadOnlyList<SchoolSummary> Schools, IReadOnlyList<(string Label, string Value)> Description, string FileNamePart);

/// <summary>
/// THE adapter between an export's query string and the search: the one place that turns the request
/// into the list of schools of the selection — the search's own <see cref="SchoolSelection"/> (query and
/// every filter), validation (its 400 bodies, unchanged), total and order.
/// </summary>
public sealed class SearchSelection(EstablishmentHandlers establishments, SchoolCatalogProvider catalogs)
{
    /// <summary>The search parameters an export takes (not the page: an export holds every result).</summary>
    public static IReadOnlyList<string> Parameters => [SchoolSelection.QueryParameter, .. SchoolFilters.Parameters];

    /// <summary>The selection, or the search's own problem (400, 503) for invalid parameters.</summary>
    public async Task<(SelectedSchools? Selection, IResult? Problem)> ResolveAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // The search validates: the same parameters get the same 400 as the results page (a repeated
        // parameter included, so its values are passed on as they came).
        var probe = new DefaultHttpContext { RequestServices = request.HttpContext.RequestServices };
        probe.Request.Method = HttpMethods.Get;
        probe.Request.Query = new QueryCollection(Parameters.Where(request.Query.ContainsKey).ToDictionary(p => p, p => request.Query[p]));
        var result = await establishments.SearchAsync(probe.Request, cancellationToken);
        using var answer = await ApiAnswer.ReadAsync(result, request.HttpContext);
        if (!answer.IsOk) return (null, result);
        if (await catalogs.GetAsync(cancellationToken) is not { } catalog) return (null, Problems.Loading());
        var (selection, problem) = SchoolSelection.Parse(probe.Request.Query, catalog);
        if (selection is null) return (null, problem);

        var description = new List<(string, string)>
        {
            ("Recherche", selection.Query.Length == 0 ? "(aucune : tous les établissements)" : selection.Query),
            ("Type", selection.Type ?? "(par défaut : écoles, collèges, lycées et EREA)"),
            ("État", selection.State ?? "(par défaut : ouverts, y compris fermeture prévue)"),
        };
        foreach (var (parameter, value) in selection.Filters.Where(f => f.Key is not (SchoolFilters.Type or SchoolFilters.State)))
        {
            description.Add((parameter, value));
        }
        var name = SpreadsheetText.FileNamePart(string.Join(' ', selection.Filters.Values.Append(selection.Query).Where(p => !string.IsNullOrEmpty(p))));
        return (new SelectedSchools(catalog.Version, catalog.All(selection).ToList(), description, name.Length == 0 ? "france" : name), null);
    }
}
