using ECarto.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ECarto.Functions.Ingestion;

/// <summary>The ingestion admin endpoint (a function key, and closed unless ECARTO_ADMIN_ENABLED=true).</summary>
public sealed class IngestionAdminFunctions(IngestionAdminHandlers handlers)
{
    [Function("ListIngestionRuns")]
    public async Task<IActionResult> ListIngestionRuns(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.IngestionRuns)] HttpRequest request)
        => new HttpResultAction(await handlers.ListRunsAsync(request.Query, request.HttpContext.RequestAborted));
}
