using ECarto.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ECarto.Functions.Search;

/// <summary>The schools around a point and the geocoder: thin triggers over <see cref="GeolocationHandlers"/>.</summary>
public sealed class GeolocationFunctions(GeolocationHandlers handlers)
{
    [Function("EtablissementsProches")]
    public async Task<IActionResult> EtablissementsProches(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.NearbyEstablishments)] HttpRequest request)
        => new HttpResultAction(await handlers.NearbyAsync(request, request.HttpContext.RequestAborted));

    [Function("Geocoder")]
    public async Task<IActionResult> Geocoder(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Geocoding)] HttpRequest request)
        => new HttpResultAction(await handlers.GeocodeAsync(request, request.HttpContext.RequestAborted));
}
