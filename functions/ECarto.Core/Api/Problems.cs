using Microsoft.AspNetCore.Http;

namespace ECarto.Api;

/// <summary>RFC 7807 problem responses, in French, saying what was wrong and what to do.</summary>
public static class Problems
{
    public static IResult BadRequest(string parameter, string detail) =>
        Results.Problem(
            title: "Requête invalide",
            detail: detail,
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["parameter"] = parameter });

    public static IResult NotFound(string detail) =>
        Results.Problem(title: "Introuvable", detail: detail, statusCode: StatusCodes.Status404NotFound);

    /// <summary>Seconds a client should wait before asking again while the first data version is being made.</summary>
    public const int LoadingRetryAfterSeconds = 5;

    /// <summary>
    /// 503 with <c>Retry-After</c> while no data version is published yet (first ingestion of a fresh
    /// deployment or of the local host): not a « no result », which would be a lie.
    /// </summary>
    public static IResult Loading() => new WithHeader(
        Results.Problem(
            title: "Données en cours de chargement",
            detail: "Aucune version des données n'est encore publiée : la première ingestion est en cours. " +
                    $"Réessayez dans {LoadingRetryAfterSeconds} secondes.",
            statusCode: StatusCodes.Status503ServiceUnavailable),
        "Retry-After",
        LoadingRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A result sent with one more response header.</summary>
    private sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
