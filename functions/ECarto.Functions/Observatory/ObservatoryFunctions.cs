using ECarto.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ECarto.Functions.Observatory;

/// <summary>The observatory's API: thin triggers over <see cref="IndicatorHandlers"/> and <see cref="TerritoryHandlers"/>.</summary>
public sealed class ObservatoryFunctions(IndicatorHandlers indicators, TerritoryHandlers territories)
{
    [Function("GetTerritoire")]
    public async Task<IActionResult> GetTerritoire(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Territory)] HttpRequest request,
        string niveau,
        string code)
        => new HttpResultAction(await territories.GetAsync(request, niveau, code, request.HttpContext.RequestAborted));

    [Function("ListTerritoires")]
    public async Task<IActionResult> ListTerritoires(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Territories)] HttpRequest request,
        string niveau)
        => new HttpResultAction(await territories.ListAsync(request, niveau, request.HttpContext.RequestAborted));

    [Function("ListEtablissementsDuTerritoire")]
    public async Task<IActionResult> ListEtablissementsDuTerritoire(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.TerritorySchools)] HttpRequest request,
        string niveau,
        string code)
        => new HttpResultAction(await territories.SchoolsAsync(request, niveau, code, request.HttpContext.RequestAborted));

    [Function("ListIndicateurs")]
    public async Task<IActionResult> ListIndicateurs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Indicators)] HttpRequest request)
        => new HttpResultAction(await indicators.ListAsync(request, request.HttpContext.RequestAborted));
}
