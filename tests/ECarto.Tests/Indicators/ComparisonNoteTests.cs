using ECarto.Establishments;
using ECarto.Indicators;
using ECarto.Territories;

namespace ECarto.Tests.Indicators;

/// <summary>
/// The wording of a comparison note when several type groups are known in full, on territories made by hand
/// (the publish only ever lists every group, or the collèges alone; the rule and its wording hold for any
/// list): the groups are named in the catalogue's order, « X, Y et Z », an acronym kept in capitals, and a
/// lycée général et technologique or professionnel is covered by what covers the lycées.
/// </summary>
public class ComparisonNoteTests
{
    private static readonly Indicator Terminals = IndicatorCatalogue.Find("terminaux")!;

    /// <summary>A territory whose « terminaux » figure has schools in <paramref name="groups"/>, the inventory covering <paramref name="covered"/>.</summary>
    private static Territory Territory(string name, IReadOnlyList<string> complete, string[] groups, Dictionary<string, int> covered) => new()
    {
        Level = TerritoryLevel.Region, Code = name[..2], Name = name, CompleteTypes = complete,
        Indicators = [new IndicatorAggregate(Terminals.Id, new AggregateValue { Schools = groups.Length, Known = 1 }, groups.ToDictionary(g => g, _ => new AggregateValue { Schools = 1, Known = 1 }))],
        Coverage = [new SourceCoverage("inventaire", covered.Values.Sum(), covered)],
    };

    private static readonly string[] AllGroups = ["ecole", "college", "lycee", SchoolScope.LyceeGt, "erea"];

    private static readonly Dictionary<string, int> EveryType = new() { ["École"] = 3, ["Collège"] = 2, ["Lycée"] = 2, ["EREA"] = 1 };

    private static readonly Territory Everywhere = Territory("France", IndicatorCatalogue.TypeGroups, AllGroups, EveryType);

    [Fact]
    public void Several_groups_known_in_full_are_named_in_the_catalogues_order_with_their_acronym_in_capitals()
    {
        var ouest = Territory("Ouest", ["erea", "college", "ecole"], AllGroups, EveryType);
        var basis = IndicatorComparison.Compare(Terminals, ouest, Everywhere);
        Assert.False(basis.Comparable);
        Assert.Equal(["ecole", "college", "erea"], basis.ComparableTypes);
        Assert.Equal("Pour Ouest, seuls les écoles, collèges et EREA sont connus en entier : comparer les écoles, collèges et EREA (byType.ecole, byType.college, byType.erea).", basis.Note);

        var two = IndicatorComparison.Compare(Terminals, Territory("Nord", ["college", "ecole"], AllGroups, EveryType), Everywhere);
        Assert.Equal("Pour Nord, seuls les écoles et collèges sont connus en entier : comparer les écoles et collèges (byType.ecole, byType.college).", two.Note);
    }

    [Fact]
    public void A_lycee_general_et_technologique_is_covered_by_what_covers_the_lycees()
    {
        // Every group is known in full but the lycées généraux et technologiques: the figure, over them too, is partial.
        var partial = Territory("Sud", IndicatorCatalogue.TypeGroups.Where(g => g != SchoolScope.LyceeGt).ToList(), AllGroups, EveryType);
        var basis = IndicatorComparison.Compare(Terminals, partial, Everywhere);
        Assert.False(basis.Comparable);
        Assert.Equal(["ecole", "college", "lycee", "erea"], basis.ComparableTypes);
        // Where the inventory covers no lycée, that group is not in the figure: it compares like with like.
        var noLycee = Territory("Est", IndicatorCatalogue.TypeGroups.Where(g => g != SchoolScope.LyceeGt).ToList(), AllGroups, new() { ["École"] = 3, ["Collège"] = 2 });
        Assert.True(IndicatorComparison.Compare(Terminals, noLycee, Everywhere).Comparable);
    }

    [Fact]
    public void A_territory_without_the_figure_compares_without_failing_and_without_a_note()
    {
        // A territory published before the indicator existed carries no figure for it: nothing partial to say.
        var without = Territory("Ouest", ["college"], AllGroups, EveryType) with { Indicators = [] };
        foreach (var basis in new[] { IndicatorComparison.Compare(Terminals, without, Everywhere), IndicatorComparison.Compare(Terminals, Everywhere, without) })
        {
            Assert.True(basis.Comparable);
            Assert.Null(basis.Note);
        }
    }
}
