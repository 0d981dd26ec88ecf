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
}
