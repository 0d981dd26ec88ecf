using ECarto.Establishments;
using ECarto.Indicators;
using ECarto.Sources.Arcep;
using ECarto.Sources.Cog;

namespace ECarto.Territories;

/// <summary>
/// The territories of a data version, computed once at publish: communes from the COG, then their
/// départements, académies, régions and France. Each gets its counted schools by type, the Arcep premises
/// counts (summed exactly; figures of merged communes in today's commune), every indicator of the
/// catalogue aggregated over its schools (<see cref="IndicatorAccumulator"/>), its sources' coverage and its
/// parents from the référentiel: commune → département → académie → région → France.
/// </summary>
public static class TerritoryAggregation
{
    private sealed class Figures
    {
        public long? Premises, Eligible8, Eligible30, Eligible100, Eligible1G, Ftth;
        public string? FtthQuarter;
        public readonly SortedSet<string> Merged = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int> SchoolsByType = new(StringComparer.Ordinal);
        public readonly IndicatorAccumulator Indicators = new();
        public int Schools;

        public static long? Add(long? total, long? value) => value is null ? total : (total ?? 0) + value;

        public long? Eligible(PremisesMeasure measure) => measure switch
        {
            PremisesMeasure.Eligible8 => Eligible8,
            PremisesMeasure.Eligible30 => Eligible30,
            PremisesMeasure.Eligible100 => Eligible100,
            PremisesMeasure.Eligible1G => Eligible1G,
            _ => Ftth,
        };

        /// <summary>
        /// A commune's premises figures, handed to its indicators once its rows are all read: a measure counts
        /// only where the commune has both the eligible (or FttH, another file) premises and all its premises.
        /// </summary>
        public bool[] CloseCommune()
        {
            var known = new bool[Enum.GetValues<PremisesMeasure>().Length];
            foreach (var measure in Enum.GetValues<PremisesMeasure>())
            {
                var (eligible, premises) = (Eligible(measure), Premises);
                if (eligible is null || premises is null) continue;
                Indicators.AddPremises(measure, eligible.Value, premises.Value);
                known[(int)measure] = true;
            }
            return known;
        }

        public void AddTo(Figures other)
        {
            other.Premises = Add(other.Premises, Premises);
            other.Eligible8 = Add(other.Eligible8, Eligible8);
            other.Eligible30 = Add(other.Eligible30, Eligible30);
            other.Eligible100 = Add(other.Eligible100, Eligible100);
            other.Eligible1G = Add(other.Eligible1G, Eligible1G);
            other.Ftth = Add(other.Ftth, Ftth);
            other.FtthQuarter ??= FtthQuarter;
            other.Schools += Schools;
            foreach (var (type, count) in SchoolsByType) other.SchoolsByType[type] = other.SchoolsByType.GetValueOrDefault(type) + count;
            Indicators.AddTo(other.Indicators);
        }
    }

    public static List<Territory> Build(CommuneReferential referential, IReadOnlyList<School> schools, IReadOnlyList<BroadbandEligibility> eligibility, IReadOnlyList<FtthCommune> ftth)
    {
        var communes = referential.CurrentCommunes.ToDictionary(c => c.Code, _ => new Figures(), StringComparer.Ordinal);
        Figures? CommuneOf(string code)
        {
            if (referential.Resolve(code) is not { } resolved || !communes.TryGetValue(resolved.Code, out var figures)) return null;
            if (resolved.Code != code) figures.Merged.Add(code);
            return figures;
        }
        foreach (var row in eligibility.Where(e => e.Scope is null or "all"))
        {
            var f = CommuneOf(row.CommuneCode);
            if (f is null) continue;
            f.Premises = Figures.Add(f.Premises, row.Premises);
            f.Eligible8 = Figures.Add(f.Eligible8, row.EligibleAtLeast8Mbps);
            f.Eligible30 = Figures.Add(f.Eligible30, row.EligibleAtLeast30Mbps);
            f.Eligible100 = Figures.Add(f.Eligible100, row.EligibleAtLeast100Mbps);
            f.Eligible1G = Figures.Add(f.Eligible1G, row.EligibleAtLeast1Gbps);
        }
        foreach (var row in ftth)
        {
            var f = CommuneOf(row.CommuneCode);
            if (f is null) continue;
            f.Ftth = Figures.Add(f.Ftth, row.FtthPremises);
            f.FtthQuarter = row.Quarter;
        }
        // Only the observatory's schools open today count: not a CIO, a service, a closed establishment.
        var schoolsByCommune = schools.Where(SchoolScope.IsCounted)
            .Where(s => s.CommuneCode is not null && communes.ContainsKey(s.CommuneCode))
            .ToLookup(s => s.CommuneCode!, StringComparer.Ordinal);

        var departementNames = referential.Departements.ToDictionary(d => d.Code, d => d.Name, StringComparer.Ordinal);
        TerritoryRef? Departement(string? code) => code is null ? null : new(TerritoryLevel.Departement, code, departementNames.GetValueOrDefault(code) ?? code);
        TerritoryRef? Academie(string? departement) => referential.Academie(departement) is { } a ? new(TerritoryLevel.Academie, a.AcademieCode, a.AcademieName) : null;
        TerritoryRef? Region(string? code) => code is null ? null : new(TerritoryLevel.Region, code, referential.Region(code)?.Name ?? code);
        var france = new TerritoryRef(TerritoryLevel.France, TerritoryLevel.FranceCode, "France");
        static IReadOnlyList<TerritoryRef> Chain(params TerritoryRef?[] parents) => parents.OfType<TerritoryRef>().ToList();

        var territories = new List<Territory>();
        var departements = new Dictionary<string, Figures>(StringComparer.Ordinal);
        var lyceeGroups = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        foreach (var commune in referential.CurrentCommunes)
        {
            var f = communes[commune.Code];
            var known = f.CloseCommune();
            foreach (var school in schoolsByCommune[commune.Code])
            {
                f.Schools++;
                foreach (var type in school.Types) f.SchoolsByType[type] = f.SchoolsByType.GetValueOrDefault(type) + 1;
                f.Indicators.Add(school, known);
                var departementCode = commune.DepartementCode;
                if (departementCode is null) continue;
                foreach (var group in SchoolScope.Groups(school).Where(g => g is SchoolScope.LyceeGt or SchoolScope.LyceePro))
                {
                    var groups = lyceeGroups.TryGetValue(departementCode, out var g) ? g : lyceeGroups[departementCode] = new(StringComparer.Ordinal);
                    (groups.TryGetValue(group, out var uais) ? uais : groups[group] = []).Add(school.Uai);
                }
            }
            var region = referential.Departement(commune.DepartementCode)?.RegionCode ?? commune.RegionCode;
            territories.Add(ToTerritory(TerritoryLevel.Commune, commune.Code, commune.Name, commune.Population, f,
                Chain(Departement(commune.DepartementCode), Academie(commune.DepartementCode), Region(region), france)));
            if (commune.DepartementCode is { } d) f.AddTo(departements.TryGetValue(d, out var sum) ? sum : departements[d] = new Figures());
            communes[commune.Code] = null!; // its indicators are stored: let them go
        }

        var academies = new Dictionary<string, (string Name, Figures Figures, List<string?> Regions)>(StringComparer.Ordinal);
        var regions = new Dictionary<string, Figures>(StringComparer.Ordinal);
        var all = new Figures();
        foreach (var (code, f) in departements.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var departement = referential.Departement(code);
            var academie = referential.Academie(code);
            territories.Add(ToTerritory(TerritoryLevel.Departement, code, departement?.Name ?? code, null, f,
                Chain(Academie(code), Region(departement?.RegionCode), france)) with
            {
                LyceeGroups = lyceeGroups.TryGetValue(code, out var groups)
                    ? groups.ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Value.Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal)
                    : new Dictionary<string, IReadOnlyList<string>>(),
            });
            if (academie is not null)
            {
                if (!academies.TryGetValue(academie.AcademieCode, out var a)) academies[academie.AcademieCode] = a = (academie.AcademieName, new Figures(), []);
                a.Regions.Add(departement?.RegionCode);
                f.AddTo(a.Figures);
            }
            if (departement?.RegionCode is { } r) f.AddTo(regions.TryGetValue(r, out var sum) ? sum : regions[r] = new Figures());
            f.AddTo(all);
        }
        // An académie's région: the one of most of its départements (Guadeloupe's also holds Saint-Barthélemy and Saint-Martin).
        foreach (var (code, a) in academies)
        {
            var region = a.Regions.OfType<string>().GroupBy(r => r).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
            territories.Add(ToTerritory(TerritoryLevel.Academie, code, a.Name, null, a.Figures, Chain(Region(region), france)));
        }
        foreach (var (code, f) in regions) territories.Add(ToTerritory(TerritoryLevel.Region, code, referential.Region(code)?.Name ?? code, null, f, [france]));
        territories.Add(ToTerritory(TerritoryLevel.France, TerritoryLevel.FranceCode, "France", null, all, []));
        return territories;
    }

    private static Territory ToTerritory(string level, string code, string name, int? population, Figures f, IReadOnlyList<TerritoryRef> parents) => new()
    {
        Level = level, Code = code, Name = name, ParentCode = parents.FirstOrDefault()?.Code, Population = population,
        Schools = f.Schools, SchoolsByType = f.SchoolsByType,
        Premises = f.Premises, EligibleAtLeast8Mbps = f.Eligible8, EligibleAtLeast30Mbps = f.Eligible30,
        EligibleAtLeast100Mbps = f.Eligible100, EligibleAtLeast1Gbps = f.Eligible1G,
        FtthPremises = f.Ftth, FtthQuarter = f.FtthQuarter, MergedCodes = f.Merged.ToList(),
        Parents = parents, Indicators = f.Indicators.Indicators(), Coverage = f.Indicators.Coverage(), CompleteTypes = f.Indicators.CompleteTypes(),
    };
}
