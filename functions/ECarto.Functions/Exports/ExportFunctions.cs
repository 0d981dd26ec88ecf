using ECarto.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ECarto.Functions.Exports;

/// <summary>The exports: thin triggers over <see cref="ExportHandlers"/>.</summary>
public sealed class ExportFunctions(ExportHandlers exports)
{
    [Function("GetFicheEtablissementPdf")]
    public async Task<IActionResult> GetFicheEtablissementPdf(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.EstablishmentFichePdf)] HttpRequest request,
        string uai)
        => new HttpResultAction(await exports.SchoolFicheAsync(request, uai, request.HttpContext.RequestAborted));

    [Function("GetFicheTerritoirePdf")]
    public async Task<IActionResult> GetFicheTerritoirePdf(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.TerritoryFichePdf)] HttpRequest request,
        string niveau,
        string code)
        => new HttpResultAction(await exports.TerritoryFicheAsync(request, niveau, code, request.HttpContext.RequestAborted));
}
