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

    /// <summary>Seconds a client should wait before asking again when the storage did not answer.</summary>
    public const int UnavailableRetryAfterSeconds = 10;

    /// <summary>
    /// 503 with <c>Retry-After</c> when the storage is unreachable, too slow or itself unavailable: the
    /// request is not wrong, and asking again later will work once the storage is back.
    /// </summary>
    public static IResult StorageUnavailable() => new WithHeader(
        Results.Problem(
            title: "Service momentanément indisponible",
            detail: "Le stockage des données ne répond pas pour le moment. " +
                    $"Réessayez dans {UnavailableRetryAfterSeconds} secondes.",
            statusCode: StatusCodes.Status503ServiceUnavailable),
        "Retry-After",
        UnavailableRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// 429 with <c>Retry-After</c> when a client asked for too many expensive answers (exports, large pages)
    /// in the rate limit's window.
    /// </summary>
    public static IResult TooManyRequests(int retryAfterSeconds, int permitLimit, TimeSpan window) => new WithHeader(
        Results.Problem(
            title: "Trop de requêtes",
            detail: $"Les exports (PDF, Excel) et les grandes pages sont limités à {permitLimit} requêtes par client " +
                    $"toutes les {window.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} secondes. " +
                    $"Réessayez dans {retryAfterSeconds} secondes.",
            statusCode: StatusCodes.Status429TooManyRequests),
        "Retry-After",
        retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

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
