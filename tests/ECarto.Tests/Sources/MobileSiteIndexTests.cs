using ECarto.Indicators;
using ECarto.Sources;
using ECarto.Sources.Arcep;

namespace ECarto.Tests.Sources;

public class MobileSiteIndexTests
{
    [Fact]
    public async Task Sites_around_a_school_are_those_a_full_scan_of_the_real_file_finds()
    {
        var sites = new List<MobileSite>();
        await using var file = File.OpenRead(Path.Combine(TestData.Root, "data", "arcep-mobile", "2018_01_Sites_mobiles_2G_3G_4G_France_metropolitaine_L93.csv"));
        using var reader = await SourceText.OpenAsync(file);
        await foreach (var row in MobileSiteReader.ReadAsync(reader)) if (row.Value is { } site) sites.Add(site);
        var index = new MobileSiteIndex(sites, "2018-01");

        // Lycée Pierre de Fermat (Toulouse centre), a village school, and a point at sea.
        foreach (var (lat, lon) in new[] { (43.6032751508944, 1.4398952901892104), (44.35, 2.57), (45.0, -3.0) })
        {
            var near = index.Around(lat, lon);
            var scan = sites.Where(s => MobileSiteIndex.DistanceMeters(lat, lon, s.Latitude, s.Longitude) <= 2_000).ToList();
            Assert.Equal(scan.Count, near.Sites);
            Assert.Equal(scan.Count(s => s.Has4G), near.Sites4G);
        }
        var fermat = index.Around(43.6032751508944, 1.4398952901892104);
        Assert.True(fermat.Sites4G > 10);
        Assert.Equal(4, fermat.Operators4G.Count);
        Assert.Equal(0, index.Around(45.0, -3.0).Sites);
    }

    [Fact]
    public void Distance_is_the_great_circle_distance() =>
        // Toulouse Capitole → Montpellier Comédie: about 196 km.
        Assert.InRange(MobileSiteIndex.DistanceMeters(43.6045, 1.4440, 43.6085, 3.8795), 195_000, 198_000);
}
