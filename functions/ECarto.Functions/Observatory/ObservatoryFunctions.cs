using ECarto.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ECarto.Functions.Observatory;

/// <summary>The observatory's API: thin triggers over <see cref="IndicatorHandlers"/>.</summary>
public sealed class ObservatoryFunctions(IndicatorHandlers indicators)
{
    [Function("ListIndicateurs")]
    public async Task<IActionResult> ListIndicateurs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Indicators)] HttpRequest request)
        => new HttpResultAction(await indicators.ListAsync(request, request.HttpContext.RequestAborted));
}
