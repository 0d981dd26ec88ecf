using ECarto.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ECarto.Functions.Documentation;

/// <summary>The API's OpenAPI document: a thin trigger over <see cref="OpenApiDocument"/>.</summary>
public sealed class OpenApiFunctions
{
    [Function("GetOpenApi")]
    public IActionResult GetOpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.OpenApi)] HttpRequest request)
        => new HttpResultAction(OpenApiDocument.Get(request));
}
