using ECarto.Establishments;
using ECarto.Ingestion;
using ECarto.Sources.Arcep;
using ECarto.Sources.Cog;
using ECarto.Territories;
using ECarto.Tests.Sources;

namespace ECarto.Tests.Territories;

/// <summary>
/// The totals of the upper levels on the real files: the COG, the annuaire of Occitanie and Arcep's
/// eligibility of every commune. A région's figures are the sum over its départements, France's the sum
/// over the régions, a département's the sum over its communes; each is also checked against a count made
/// straight from the inputs, so a level that skips a child or counts one twice is caught.
/// </summary>
public class TerritoryAggregationTests
{
    private sealed record Inputs(CommuneReferential Referential, List<School> Schools, List<BroadbandEligibility> Eligibility, List<Territory> Territories);

    private static readonly Lazy<Task<Inputs>> Real = new(async () =>
    {
        var referential = await CommuneReferential.LoadAsync(Path.Combine(TestData.Root, "data", "referentiel-admin"));
        var schools = TestData.AnnuaireSchools().Select(s => Composition.WithCurrentCommune(s, referential)).ToList();
        var eligibility = (await ReaderTestKit.ReadFileAsync<BroadbandEligibility>(ReaderTestKit.SamplePath(ArcepFixeSource.Definition), BroadbandEligibilityReader.ReadAsync))
            .Where(r => r.IsAccepted).Select(r => r.Value!).ToList();
        return new Inputs(referential, schools, eligibility, TerritoryAggregation.Build(referential, schools, eligibility, []));
    });

    private static List<Territory> Level(Inputs inputs, string level) => inputs.Territories.Where(t => t.Level == level).ToList();

    private static IEnumerable<Territory> ChildrenOf(Inputs inputs, string childLevel, Territory parent) =>
        Level(inputs, childLevel).Where(c => c.Parents.Any(p => p.Level == parent.Level && p.Code == parent.Code));

    private static void AssertSumOfChildren(Territory parent, IReadOnlyCollection<Territory> children)
    {
        Assert.NotEmpty(children);
        var where = $"{parent.Level} {parent.Code} ({children.Count} enfants)";
        Assert.True(children.Sum(c => c.Schools) == parent.Schools, $"{where} : établissements {parent.Schools} ≠ {children.Sum(c => c.Schools)}");
        Assert.True(children.Sum(c => c.Premises ?? 0) == (parent.Premises ?? 0), $"{where} : locaux {parent.Premises} ≠ {children.Sum(c => c.Premises ?? 0)}");
        Assert.True(children.Sum(c => c.EligibleAtLeast30Mbps ?? 0) == (parent.EligibleAtLeast30Mbps ?? 0), $"{where} : locaux éligibles à 30 Mbit/s");
        var types = children.SelectMany(c => c.SchoolsByType).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        Assert.Equal(types.OrderBy(kv => kv.Key), parent.SchoolsByType.OrderBy(kv => kv.Key));
        // Every indicator: the schools it covers and those whose value is known add up too.
        foreach (var indicator in parent.Indicators)
        {
            var of = children.Select(c => c.Indicators.Single(i => i.Id == indicator.Id).All).ToList();
            Assert.True(of.Sum(a => a.Schools) == indicator.All.Schools, $"{where}, {indicator.Id} : établissements");
            Assert.True(of.Sum(a => a.Known) == indicator.All.Known, $"{where}, {indicator.Id} : valeurs connues");
        }
    }

    [Fact]
    public async Task A_region_totals_the_figures_of_its_departements_and_france_those_of_the_regions()
    {
        var inputs = await Real.Value;
        var regions = Level(inputs, TerritoryLevel.Region);
        Assert.Equal(inputs.Referential.Departements.Select(d => d.RegionCode).OfType<string>().Distinct().Order(), regions.Select(r => r.Code).Order());

        foreach (var region in regions)
        {
            // Its départements according to the COG, not to the aggregation's own parents.
            var codes = inputs.Referential.Departements.Where(d => d.RegionCode == region.Code).Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
            var departements = Level(inputs, TerritoryLevel.Departement).Where(d => codes.Contains(d.Code)).ToList();
            Assert.Equal(departements.Select(d => d.Code).Order(), ChildrenOf(inputs, TerritoryLevel.Departement, region).Select(d => d.Code).Order());
            AssertSumOfChildren(region, departements);
        }
        AssertSumOfChildren(inputs.Territories.Single(t => t.Level == TerritoryLevel.France), regions);
    }

    [Fact]
    public async Task Occitanie_counts_every_open_school_of_its_thirteen_departements_once()
    {
        var inputs = await Real.Value;
        var occitanie = inputs.Territories.Single(t => t.Level == TerritoryLevel.Region && t.Code == "76");
        var departements = inputs.Referential.Departements.Where(d => d.RegionCode == "76").Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(13, departements.Count);

        // Counted straight from the schools read: distinct UAIs of the observatory, open, in a current commune of the région.
        var current = inputs.Referential.CurrentCommunes.ToDictionary(c => c.Code, c => c.DepartementCode, StringComparer.Ordinal);
        var expected = inputs.Schools.Where(SchoolScope.IsCounted)
            .Where(s => s.CommuneCode is { } c && current.TryGetValue(c, out var d) && d is not null && departements.Contains(d))
            .Select(s => s.Uai).Distinct().Count();

        Assert.True(expected > 4_000, $"{expected} établissements attendus");
        Assert.Equal(expected, occitanie.Schools);

        // Arcep premises of the région, summed from the file's communes that the COG places in its départements.
        var premises = inputs.Eligibility.Where(e => e.Scope is null or "all")
            .Where(e => inputs.Referential.Resolve(e.CommuneCode) is { } c && current[c.Code] is { } d && departements.Contains(d))
            .Sum(e => (long)e.Premises);
        Assert.True(premises > 3_000_000, $"{premises} locaux attendus");
        Assert.Equal(premises, occitanie.Premises);
    }

    [Fact]
    public async Task A_departement_totals_the_figures_of_its_communes()
    {
        var inputs = await Real.Value;
        foreach (var departement in Level(inputs, TerritoryLevel.Departement).Where(d => d.Schools > 0))
            AssertSumOfChildren(departement, ChildrenOf(inputs, TerritoryLevel.Commune, departement).ToList());
    }
}
