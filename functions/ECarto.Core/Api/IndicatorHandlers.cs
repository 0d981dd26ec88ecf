using ECarto.Establishments;
using ECarto.Indicators;
using ECarto.Ingestion;
using ECarto.Search;
using ECarto.Sources;
using Microsoft.AspNetCore.Http;

namespace ECarto.Api;

/// <summary>The indicator catalogue as the API serves it: what every figure of the fiches means and how it is aggregated.</summary>
public sealed class IndicatorHandlers(SchoolIndexProvider indexes, VersionSourceStates states)
{
    /// <summary>GET /api/indicateurs</summary>
    public async Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var version = (await indexes.GetAsync(cancellationToken)).DataVersion;
        if (version is not null && HttpCaching.IsFresh(request, version)) return HttpCaching.NotModified(version);
        IReadOnlyDictionary<string, SourceState> known = version is null ? new Dictionary<string, SourceState>() : await states.GetAsync(version, cancellationToken);
        var body = Results.Json(new
        {
            components = Components.All.Select(c => new { id = c.Id, label = c.Label }),
            aggregations = new Dictionary<string, string>
            {
                [AggregationRules.Count] = "nombre d'établissements dont la valeur est « oui »",
                [AggregationRules.Sum] = "somme des valeurs connues",
                [AggregationRules.Share] = "part (en %) des établissements dont la valeur est « oui », parmi ceux dont la valeur est connue",
                [AggregationRules.RatioOfSums] = "somme des numérateurs sur somme des dénominateurs, sur les établissements qui donnent les deux",
                [AggregationRules.Bands] = "nombre d'établissements dans chaque tranche, parmi ceux dont la valeur est connue",
                [AggregationRules.Mean] = "moyenne simple des valeurs connues",
                [AggregationRules.CommunePremisesShare] = "part (en %) des locaux des communes du territoire : somme des locaux éligibles sur somme des locaux",
            },
            indicators = IndicatorCatalogue.All.Select(i => new
            {
                i.Id,
                i.Label,
                i.Component,
                i.Unit,
                i.Definition,
                i.Aggregation,
                i.CanBeDemonstration,
                i.AppliesTo,
                i.BrokenDown,
                i.Bands,
                Sources = i.Sources.Select(id => SourceCatalog.Find(id) is { } s
                    ? new { id, producer = s.Producer, dataset = s.Dataset, licence = s.Licence, date = known.TryGetValue(id, out var state) ? state.SourceDate : null }
                    : new { id, producer = "", dataset = "", licence = "", date = (string?)null }),
            }),
            // The breakdowns of a territory's figures: stable slugs and their labels.
            typeGroups = IndicatorCatalogue.TypeGroupLabels.Select(g => new { id = g.Id, label = g.Label }),
            sectors = IndicatorCatalogue.SectorGroupLabels.Select(g => new { id = g.Id, label = g.Label }),
            dataVersion = version,
        });
        return version is null ? body : HttpCaching.Versioned(body, version);
    }
}
