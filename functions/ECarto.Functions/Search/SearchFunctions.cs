using ECarto.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ECarto.Functions.Search;

/// <summary>The search box's suggestions: a thin trigger over <see cref="SuggestionHandlers"/>.</summary>
public sealed class SearchFunctions(SuggestionHandlers suggestions)
{
    [Function("Rechercher")]
    public async Task<IActionResult> Rechercher(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Suggestions)] HttpRequest request)
        => new HttpResultAction(await suggestions.SuggestAsync(request, request.HttpContext.RequestAborted));
}
