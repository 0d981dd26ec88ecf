using ECarto.Text;

namespace ECarto.Tests.Sources;

public class FrenchTextTests
{
    [Theory]
    [InlineData("Lycée Pierre-de-Fermat", "lycee pierre de fermat")]
    [InlineData("  ÉCOLE  maternelle  ", "ecole maternelle")]
    [InlineData("Cœur d'Œuvre", "coeur d oeuvre")]
    [InlineData("", "")]
    public void Fold_ignores_case_accents_and_punctuation(string text, string folded) => Assert.Equal(folded, FrenchText.Fold(text));

    [Theory]
    [InlineData("Médico-social", "medico-social")]
    [InlineData("Information et orientation", "information-et-orientation")]
    public void Slug(string text, string slug) => Assert.Equal(slug, FrenchText.Slug(text));
}
