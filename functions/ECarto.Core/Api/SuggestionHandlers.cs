using ECarto.Search;
using ECarto.Territories;
using Microsoft.AspNetCore.Http;

namespace ECarto.Api;

/// <summary>
/// GET /api/recherche — the search box's suggestions over territories and establishments, grouped. The
/// lists of académies, régions and départements on their own are <c>GET /api/territoires/{niveau}</c>.
/// </summary>
public sealed class SuggestionHandlers(SuggestionIndexProvider indexes)
{
    public const int DefaultLimit = 5;
    public const int MaxLimit = 20;

    /// <summary>GET /api/recherche?q=&amp;limit=&amp;territoire=</summary>
    public async Task<IResult> SuggestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var q = query["q"].ToString().Trim();
        if (q.Length > EstablishmentHandlers.MaxQueryLength)
        {
            return Problems.BadRequest("q", $"La recherche dépasse {EstablishmentHandlers.MaxQueryLength} caractères : raccourcissez-la.");
        }
        if (!EstablishmentHandlers.TryReadInt(query, "limit", DefaultLimit, 1, MaxLimit, out var limit, out var limitProblem)) return limitProblem!;
        var territoryText = query["territoire"].ToString().Trim();
        if (territoryText.Length > 0 && TerritoryReference.Parse(territoryText) is null) return TerritoryReference.Invalid(territoryText);

        if (await indexes.GetAsync(cancellationToken) is not { } loaded) return Problems.Loading();
        var (index, directory) = loaded;
        var version = index.DataVersion!;
        IReadOnlySet<string>? preferred = null;
        if (TerritoryReference.Parse(territoryText) is { } territory)
        {
            if (directory.Header(territory.Level, territory.Code) is null) return TerritoryReference.Unknown(territory, version);
            preferred = directory.CommunesOf(territory.Level, territory.Code);
        }
        if (HttpCaching.IsFresh(request, version)) return HttpCaching.NotModified(version);
        var groups = index.Suggest(q, limit, preferred);
        return HttpCaching.Versioned(Results.Json(new
        {
            query = q,
            limit,
            territoire = territoryText.Length == 0 ? null : territoryText,
            total = groups.Sum(g => g.Total),
            groups,
            dataVersion = version,
        }), version);
    }
}

/// <summary>A territory named in a query parameter as « niveau:code » (« departement:31 », « academie:16 »).</summary>
public sealed record TerritoryReference(string Level, string Code)
{
    public const string Parameter = "territoire";

    /// <summary>« departement:31 » → (departement, 31); null when malformed. « france » alone is France.</summary>
    public static TerritoryReference? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Trim().Split(':', 2);
        var level = parts[0].Trim().ToLowerInvariant();
        if (!TerritoryLevel.All.Contains(level)) return null;
        if (level == TerritoryLevel.France) return new(level, TerritoryLevel.FranceCode);
        if (parts.Length != 2) return null;
        var code = parts[1].Trim().ToUpperInvariant();
        return code.Length is >= 2 and <= 5 && code.All(char.IsAsciiLetterOrDigit) ? new(level, code) : null;
    }

    public static IResult Invalid(string text) => Problems.BadRequest(Parameter,
        $"« {Parameter} » doit être un niveau et un code séparés par « : », par exemple departement:31, academie:16, region:76 ou commune:31555 " +
        $"(niveaux possibles : {string.Join(", ", TerritoryLevel.All)} ; reçu « {EstablishmentHandlers.Truncate(text, 30)} »).");

    public static IResult Unknown(TerritoryReference territory, string version) => Problems.BadRequest(Parameter,
        $"Aucun territoire {territory.Level} de code {territory.Code} dans les données publiées (version {version}). " +
        $"La liste des codes d'un niveau : /api/territoires/{territory.Level}.");
}
