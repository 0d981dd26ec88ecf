using ECarto.Exports;

namespace ECarto.Tests.Exports;

/// <summary>Numbers as the PDF fiches print them for a French reader.</summary>
public class FrenchFormatTests
{
    private const char Narrow = '\u202F';

    [Theory]
    [InlineData(0, 0, "0")]
    [InlineData(7, 0, "7")]
    [InlineData(1139, 0, "1\u202F139")]
    [InlineData(1234567, 0, "1\u202F234\u202F567")]
    [InlineData(2.5, 0, "3")] // half away from zero, as one is taught
    [InlineData(7.33333, 1, "7,3")]
    [InlineData(7.25, 1, "7,3")]
    [InlineData(12.0, 1, "12")] // a whole number keeps no decimal
    [InlineData(1500.06, 1, "1\u202F500,1")]
    [InlineData(-3.5, 0, "-4")]
    public void Number_groups_thousands_with_a_narrow_space_and_uses_a_decimal_comma(double value, int decimals, string expected) =>
        Assert.Equal(expected, FrenchFormat.Number(value, decimals));

    [Theory]
    [InlineData(50, "50")]
    [InlineData(89.84, "89,8")]
    [InlineData(0.04, "0,0")]
    [InlineData(99.96, "99,9")] // just under 100 % never reads 100 %
    [InlineData(100, "100")]
    [InlineData(33.35, "33,4")]
    public void Percent_has_one_decimal_unless_whole_and_a_narrow_space_before_the_sign(double value, string expected) =>
        Assert.Equal(expected + Narrow + "%", FrenchFormat.Percent(value));
}
