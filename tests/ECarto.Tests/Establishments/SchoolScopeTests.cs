using ECarto.Establishments;

namespace ECarto.Tests.Establishments;

public class SchoolScopeTests
{
    private static readonly Lazy<List<School>> Schools = new(() => TestData.AnnuaireSchools());

    private static School Sample(string type, string? state) =>
        Schools.Value.First(s => s.Types.SequenceEqual([type])) with { State = state };

    [Theory]
    [InlineData("Ecole", null, true)]
    [InlineData("Ecole", "OUVERT", true)]
    [InlineData("Lycée", "A FERMER", true)] // still welcomes its pupils
    [InlineData("Collège", "FERME", false)]
    [InlineData("Collège", "A OUVRIR", false)]
    [InlineData("EREA", "OUVERT", true)]
    [InlineData("Service Administratif", "OUVERT", false)]
    [InlineData("Information et orientation", "OUVERT", false)]
    [InlineData("Médico-social", "OUVERT", false)]
    public void Only_the_observatorys_schools_open_today_are_counted(string type, string? state, bool counted) =>
        Assert.Equal(counted, SchoolScope.IsCounted(Sample(type, state)));

    [Theory]
    [InlineData("OUVERT", "ouvert", "ouvert")]
    [InlineData("A FERMER", "fermeture-prevue", "fermeture prévue")]
    [InlineData("À fermer", "fermeture-prevue", "fermeture prévue")]
    [InlineData("A OUVRIR", "ouverture-prevue", "ouverture prévue")]
    [InlineData("FERME", "ferme", "fermé")]
    [InlineData("EN SOMMEIL", "en-sommeil", "en sommeil")] // unknown: kept, never called open
    public void States_have_a_filter_value_and_a_french_label(string raw, string slug, string label)
    {
        Assert.Equal(slug, SchoolState.Slug(raw));
        Assert.Equal(label, SchoolState.Label(SchoolState.Slug(raw)));
        Assert.Equal(slug is "ouvert" or "fermeture-prevue", SchoolState.IsOpen(SchoolState.Slug(raw)));
    }

    [Fact]
    public void A_type_missing_from_the_source_becomes_non_renseigne_and_ecole_gets_its_accent()
    {
        Assert.Equal(["non renseigné"], SchoolScope.Types([null, " "]));
        Assert.Equal(["École", "Collège"], SchoolScope.Types(["Ecole", "Collège", "Ecole"]));
        Assert.Equal(["Médico-social"], SchoolScope.Types(["Médico-social"]));
    }
}
