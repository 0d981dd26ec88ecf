using ECarto.Sources.Inventaire;

namespace ECarto.Tests.Sources;

/// <summary>Which inventory line a school shows when a real file and the demonstration both give one.</summary>
public class InventaireCoverageTests
{
    private static InventaireRecord Line(string uai, string date, bool demonstration, int devices) => new()
    {
        Uai = uai, ObservationDate = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
        Devices = devices, Source = demonstration ? InventaireGenerator.DemonstrationSource : "Région Occitanie", IsDemonstration = demonstration,
    };

    [Fact]
    public void Real_lines_replace_the_demonstration_even_when_it_is_more_recent_and_the_latest_real_one_wins()
    {
        var chosen = InventaireCoverage.LatestByUai(
        [
            Line("0310036W", "2024-09-01", demonstration: false, 100),
            Line("0310036W", "2025-09-01", demonstration: false, 120),
            Line("0310036W", "2026-11-30", demonstration: true, 999),
            Line("0810052S", "2024-11-26", demonstration: true, 50),
            Line("0810052S", "2023-11-26", demonstration: true, 40),
        ]);

        Assert.Equal(120, chosen["0310036W"].Devices);
        Assert.False(chosen["0310036W"].IsDemonstration);
        // A school no real line covers keeps its latest demonstration line.
        Assert.Equal(50, chosen["0810052S"].Devices);
        Assert.Equal(2, chosen.Count);
    }

    [Fact]
    public void Pupils_per_terminal_is_nc_without_pupils_or_terminals()
    {
        Assert.Null(Line("0310036W", "2025-09-01", false, 100).PupilsPerDevice);
        Assert.Null((Line("0310036W", "2025-09-01", false, 0) with { Pupils = 300 }).PupilsPerDevice);
        Assert.Null((Line("0310036W", "2025-09-01", false, 0) with { Pupils = 300, Devices = null }).PupilsPerDevice);
        Assert.Equal(2.5, (Line("0310036W", "2025-09-01", false, 120) with { Pupils = 300 }).PupilsPerDevice);
    }
}
