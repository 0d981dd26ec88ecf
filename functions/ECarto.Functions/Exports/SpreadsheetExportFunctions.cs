using ECarto.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ECarto.Functions.Exports;

/// <summary>The Excel exports: thin triggers over <see cref="SpreadsheetExportHandlers"/>.</summary>
public sealed class SpreadsheetExportFunctions(SpreadsheetExportHandlers exports)
{
    [Function("GetEtablissementsXlsx")]
    public async Task<IActionResult> GetEtablissementsXlsx(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.EstablishmentsXlsx)] HttpRequest request)
        => new HttpResultAction(await exports.SelectionAsync(request, request.HttpContext.RequestAborted));

    [Function("GetTerritoireXlsx")]
    public async Task<IActionResult> GetTerritoireXlsx(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.TerritoryXlsx)] HttpRequest request,
        string niveau,
        string code)
        => new HttpResultAction(await exports.TerritoryAsync(request, niveau, code, request.HttpContext.RequestAborted));
}
