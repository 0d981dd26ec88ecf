using ECarto.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ECarto.Functions.Establishments;

/// <summary>The establishment API: thin triggers over <see cref="EstablishmentHandlers"/>.</summary>
public sealed class EstablishmentFunctions(EstablishmentHandlers handlers)
{
    [Function("GetEtablissement")]
    public async Task<IActionResult> GetEtablissement(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Establishment)] HttpRequest request,
        string uai)
        => new HttpResultAction(await handlers.GetAsync(request, uai, request.HttpContext.RequestAborted));

    [Function("SearchEtablissements")]
    public async Task<IActionResult> SearchEtablissements(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Establishments)] HttpRequest request)
        => new HttpResultAction(await handlers.SearchAsync(request, request.HttpContext.RequestAborted));
}
