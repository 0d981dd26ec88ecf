using System.Globalization;

namespace ECarto.Exports;

/// <summary>Numbers as a French reader writes them: « 1 139 », « 89,8 % » (narrow no-break spaces).</summary>
public static class FrenchFormat
{
    private const char Narrow = '\u202F';
    private static readonly NumberFormatInfo Numbers = NumberFormat();

    private static NumberFormatInfo NumberFormat()
    {
        var format = (NumberFormatInfo)CultureInfo.GetCultureInfo("fr-FR").NumberFormat.Clone();
        format.NumberGroupSeparator = Narrow.ToString();
        format.NumberDecimalSeparator = ",";
        return format;
    }

    public static string Number(double value, int decimals = 0)
    {
        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        var pattern = decimals == 0 || rounded == Math.Floor(rounded) ? "#,0" : "#,0." + new string('#', decimals);
        return rounded.ToString(pattern, Numbers);
    }

    /// <summary>One decimal unless whole; a share just under 100 % never reads « 100 % ».</summary>
    public static string Percent(double value)
    {
        var text = value == Math.Floor(value) ? Number(value) : value.ToString("0.0", Numbers);
        if (text == "100,0" && value < 100) text = "99,9";
        return text + Narrow + "%";
    }
}
