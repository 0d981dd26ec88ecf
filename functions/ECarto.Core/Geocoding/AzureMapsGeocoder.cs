using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Core;

namespace ECarto.Geocoding;

/// <summary>Where and how to call Azure Maps Search: the account's client id (setting <c>AZURE_MAPS_CLIENT_ID</c>), no key.</summary>
public sealed class AzureMapsOptions
{
    public const string ClientIdSetting = "AZURE_MAPS_CLIENT_ID";
    public const string Scope = "https://atlas.microsoft.com/.default";

    public required string ClientId { get; init; }

    public Uri Endpoint { get; init; } = new("https://atlas.microsoft.com");

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Azure Maps Search, « Get Search Address » (REST, <c>search/address/json?api-version=1.0</c>), restricted to
/// France and answering in French, authenticated with Microsoft Entra: a bearer token of the app's identity
/// for <see cref="AzureMapsOptions.Scope"/> and the Maps account's client id in <c>x-ms-client-id</c>.
/// The first result is the answer; none is « not found ».
/// </summary>
public sealed class AzureMapsGeocoder(HttpClient http, TokenCredential credential, AzureMapsOptions options) : IGeocoder
{
    public const string HttpClientName = "azure-maps";
    public const string SourceName = "azure-maps";

    public async Task<GeocodedPlace?> GeocodeAsync(string address, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext([AzureMapsOptions.Scope]), timeout.Token);
            var uri = new Uri(options.Endpoint, "search/address/json?api-version=1.0&countrySet=FR&language=fr-FR&limit=1&query=" + Uri.EscapeDataString(address));
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            request.Headers.Add("x-ms-client-id", options.ClientId);
            using var response = await http.SendAsync(request, timeout.Token);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new GeocodingException(StatusCodesOf.BadGateway,
                    $"Le service de géocodage Azure Maps a refusé l'accès ({(int)response.StatusCode}) : l'identité de l'application n'y est pas autorisée. " +
                    "Cherchez une commune ou un code postal, ou prévenez l'administrateur du site.");
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new GeocodingException(StatusCodesOf.BadGateway,
                    $"Le service de géocodage Azure Maps a répondu par une erreur ({(int)response.StatusCode}). Réessayez dans un instant.");
            }
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: timeout.Token);
            if (!document.RootElement.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array || results.GetArrayLength() == 0) return null;
            var first = results[0];
            var position = first.GetProperty("position");
            var label = first.TryGetProperty("address", out var a) && a.TryGetProperty("freeformAddress", out var f) && f.GetString() is { Length: > 0 } text ? text : address;
            return new GeocodedPlace(position.GetProperty("lat").GetDouble(), position.GetProperty("lon").GetDouble(), label, SourceName);
        }
        catch (OperationCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GeocodingException(StatusCodesOf.ServiceUnavailable,
                $"Le service de géocodage Azure Maps n'a pas répondu en {options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s. " +
                "Réessayez dans un instant, ou cherchez une commune ou un code postal.", error);
        }
        catch (Exception error) when (error is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException or Azure.Identity.AuthenticationFailedException)
        {
            throw new GeocodingException(StatusCodesOf.BadGateway,
                "Le service de géocodage Azure Maps est injoignable ou a donné une réponse illisible. Réessayez dans un instant.", error);
        }
    }

    private static class StatusCodesOf
    {
        public const int BadGateway = 502;
        public const int ServiceUnavailable = 503;
    }
}
