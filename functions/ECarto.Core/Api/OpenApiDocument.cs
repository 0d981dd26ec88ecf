using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace ECarto.Api;

/// <summary>
/// The API's OpenAPI 3.1 document, generated from <see cref="ApiCatalog"/>: every route with its path and
/// query parameters, its answers (JSON, PDF or Excel), the problem bodies (400, 404, 429, 503) and the
/// cache headers (ETag, Cache-Control, If-None-Match and 304). Served at GET /api/openapi.json.
/// </summary>
public static partial class OpenApiDocument
{
    public const string ProblemType = "application/problem+json";

    private static readonly Lazy<string> Serialized = new(() => Build().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>The document as served (built once: it only depends on the code).</summary>
    public static string Json => Serialized.Value;

    /// <summary>GET /api/openapi.json: the document, cacheable for an hour.</summary>
    public static IResult Get(HttpRequest request)
    {
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Text(Json, "application/json", System.Text.Encoding.UTF8);
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();

    public static JsonObject Build()
    {
        var paths = new JsonObject();
        foreach (var operation in ApiCatalog.Operations)
        {
            paths[ApiRoutes.Served(operation.Route)] = new JsonObject { ["get"] = Operation(operation) };
        }
        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "API eCarto",
                ["version"] = "1",
                ["description"] =
                    "Les données ouvertes du numérique éducatif des écoles, collèges et lycées : établissements, territoires, " +
                    "indicateurs et exports. Lecture seule, sans authentification. Les réponses d'une version publiée des données " +
                    "portent un ETag (la version) et un Cache-Control ; une requête avec If-None-Match reçoit 304 si elle est à jour. " +
                    "Les erreurs sont des corps « problème » (RFC 9457) en français. Les exports et les grandes pages sont limités " +
                    "par client (429 avec Retry-After) ; un stockage indisponible donne 503 avec Retry-After.",
                ["license"] = new JsonObject { ["name"] = "Licence Ouverte 2.0 (données)", ["url"] = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/" },
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/", ["description"] = "Ce site" }),
            ["tags"] = new JsonArray(ApiCatalog.Operations.Select(o => o.Tag).Distinct().Select(tag => (JsonNode)new JsonObject { ["name"] = tag }).ToArray()),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject
                {
                    ["Problem"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["description"] = "Un problème (RFC 9457) : ce qui ne va pas et quoi faire.",
                        ["properties"] = new JsonObject
                        {
                            ["type"] = new JsonObject { ["type"] = "string" },
                            ["title"] = new JsonObject { ["type"] = "string", ["description"] = "Le problème, en français." },
                            ["status"] = new JsonObject { ["type"] = "integer" },
                            ["detail"] = new JsonObject { ["type"] = "string", ["description"] = "Ce qui ne va pas et quoi faire." },
                            ["parameter"] = new JsonObject { ["type"] = "string", ["description"] = "Pour un 400 : le paramètre en cause." },
                        },
                        ["required"] = new JsonArray("title", "status"),
                    },
                },
                ["headers"] = new JsonObject
                {
                    ["ETag"] = Header("La version des données qui a produit la réponse."),
                    ["Cache-Control"] = Header($"« {HttpCaching.CacheControl} » : un cache ou un CDN peut garder la réponse une minute, puis la revalider."),
                    ["Retry-After"] = Header("Secondes à attendre avant de réessayer.", "integer"),
                },
            },
        };
    }

    private static JsonObject Header(string description, string type = "string") =>
        new() { ["description"] = description, ["schema"] = new JsonObject { ["type"] = type } };

    private static JsonObject Ref(string kind, string name) => new() { ["$ref"] = $"#/components/{kind}/{name}" };

    private static JsonObject Operation(ApiOperation operation)
    {
        var parameters = new JsonArray();
        foreach (Match match in PathParameter().Matches(operation.Route))
        {
            var name = match.Groups[1].Value;
            parameters.Add(new JsonObject
            {
                ["name"] = name,
                ["in"] = "path",
                ["required"] = true,
                ["description"] = ApiCatalog.PathParameters[name],
                ["schema"] = new JsonObject { ["type"] = "string" },
            });
        }
        foreach (var query in operation.Query)
        {
            var schema = new JsonObject { ["type"] = query.Type };
            if (query.Minimum is { } min) schema["minimum"] = min;
            if (query.Maximum is { } max) schema["maximum"] = max;
            parameters.Add(new JsonObject
            {
                ["name"] = query.Name,
                ["in"] = "query",
                ["required"] = query.Required,
                ["description"] = query.Description,
                ["schema"] = schema,
            });
        }
        if (operation.Versioned)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = "If-None-Match",
                ["in"] = "header",
                ["required"] = false,
                ["description"] = "L'ETag d'une réponse déjà reçue : 304 sans corps si la version n'a pas changé.",
                ["schema"] = new JsonObject { ["type"] = "string" },
            });
        }

        var success = new JsonObject
        {
            ["description"] = operation.Content switch
            {
                ApiContent.Pdf => "Le document PDF.",
                ApiContent.Xlsx => "Le classeur Excel.",
                _ => "La réponse en JSON.",
            },
            ["content"] = operation.Content switch
            {
                ApiContent.Pdf => new JsonObject { ["application/pdf"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "binary" } } },
                ApiContent.Xlsx => new JsonObject { ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "binary" } } },
                _ => new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } },
            },
        };
        if (operation.Versioned) success["headers"] = new JsonObject { ["ETag"] = Ref("headers", "ETag"), ["Cache-Control"] = Ref("headers", "Cache-Control") };

        var responses = new JsonObject { ["200"] = success };
        if (operation.Versioned)
        {
            responses["304"] = new JsonObject
            {
                ["description"] = "Non modifié : la version nommée par If-None-Match est toujours celle servie.",
                ["headers"] = new JsonObject { ["ETag"] = Ref("headers", "ETag"), ["Cache-Control"] = Ref("headers", "Cache-Control") },
            };
        }
        if (parameters.Count > (operation.Versioned ? 1 : 0)) responses["400"] = Problem("Requête invalide : un paramètre est mal formé ou hors limites (le corps nomme le paramètre).");
        if (operation.Route.Contains('{') || operation.Route == ApiRoutes.IngestionRuns) responses["404"] = Problem("Introuvable.");
        if (operation.Content != ApiContent.Json || operation.Query.Any(q => q.Name == "pageSize"))
        {
            responses["429"] = Problem("Trop de requêtes coûteuses (exports, pages de 50 résultats ou plus) pour ce client : réessayer après Retry-After.", retryAfter: true);
        }
        responses["503"] = Problem("Données en cours de chargement, ou stockage momentanément indisponible : réessayer après Retry-After.", retryAfter: true);

        return new JsonObject
        {
            ["operationId"] = operation.OperationId,
            ["tags"] = new JsonArray(operation.Tag),
            ["summary"] = operation.Summary,
            ["description"] = operation.Description,
            ["parameters"] = parameters,
            ["responses"] = responses,
        };
    }

    private static JsonObject Problem(string description, bool retryAfter = false)
    {
        var response = new JsonObject
        {
            ["description"] = description,
            ["content"] = new JsonObject { [ProblemType] = new JsonObject { ["schema"] = Ref("schemas", "Problem") } },
        };
        if (retryAfter) response["headers"] = new JsonObject { ["Retry-After"] = Ref("headers", "Retry-After") };
        return response;
    }
}
