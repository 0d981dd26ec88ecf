using ECarto.Establishments;
using ECarto.Territories;

namespace ECarto.Indicators;

/// <summary>One indicator of a school as its fiche shows it: the value or « N.C. », its sources and whether it is a demonstration.</summary>
/// <param name="Scope">« etablissement », or « commune » for a figure of the school's commune (Arcep fixed network).</param>
public sealed record SchoolIndicator(string Id, string Label, string Unit, string Scope, double? Value, bool? Yes, string? Band, string? BandLabel, bool NotCommunicated, bool IsDemonstration, IReadOnlyList<string> Sources);

/// <summary>A component of the fiche with its indicators, in the catalogue's order.</summary>
public sealed record SchoolComponent(string Id, string Label, IReadOnlyList<SchoolIndicator> Indicators);

/// <summary>A school's indicators, read through the catalogue: the fiche never names a field of its own.</summary>
public static class SchoolIndicators
{
    public static IReadOnlyList<SchoolComponent> For(School school, Territory? commune)
    {
        var slugs = school.Types.Select(Text.FrenchText.Slug).ToHashSet(StringComparer.Ordinal);
        var demonstration = school.Inventory?.IsDemonstration == true;
        return Components.All.Select(c => new SchoolComponent(c.Id, c.Label, IndicatorCatalogue.All
            .Where(i => i.Component == c.Id && (i.AppliesTo is null || slugs.Contains(i.AppliesTo)))
            .Select(i => i.Premises is { } measure ? FromCommune(i, measure, commune) : FromSchool(i, school, demonstration))
            .ToList())).ToList();
    }

    private static SchoolIndicator FromSchool(Indicator indicator, School school, bool demonstration)
    {
        var reading = indicator.Read!(school);
        var band = reading?.Band is { } code ? indicator.Bands?.FirstOrDefault(b => b.Code == code) : null;
        double? value = null;
        bool? yes = null;
        if (reading is { } r)
        {
            switch (indicator.Aggregation)
            {
                case AggregationRules.Count or AggregationRules.Share: yes = r.Value > 0; break;
                case AggregationRules.RatioOfSums: value = r.Denominator > 0 ? Math.Round(r.Value / r.Denominator, 1) : null; break;
                case AggregationRules.Bands: break;
                default: value = r.Value; break;
            }
        }
        var known = value is not null || yes is not null || band is not null;
        return new SchoolIndicator(indicator.Id, indicator.Label, indicator.Unit, "etablissement", value, yes, band?.Code, band?.Label,
            !known, known && indicator.CanBeDemonstration && demonstration, indicator.Sources);
    }

    private static SchoolIndicator FromCommune(Indicator indicator, PremisesMeasure measure, Territory? commune)
    {
        var eligible = measure switch
        {
            PremisesMeasure.Eligible8 => commune?.EligibleAtLeast8Mbps,
            PremisesMeasure.Eligible30 => commune?.EligibleAtLeast30Mbps,
            PremisesMeasure.Eligible100 => commune?.EligibleAtLeast100Mbps,
            PremisesMeasure.Eligible1G => commune?.EligibleAtLeast1Gbps,
            _ => commune?.FtthPremises,
        };
        double? value = eligible is { } e && commune?.Premises is { } premises && premises > 0 ? 100.0 * e / premises : null;
        return new SchoolIndicator(indicator.Id, indicator.Label, indicator.Unit, "commune", value, null, null, null, value is null, false, indicator.Sources);
    }
}
