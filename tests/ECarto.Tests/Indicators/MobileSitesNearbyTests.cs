using ECarto.Indicators;
using ECarto.Sources.Arcep;

namespace ECarto.Tests.Indicators;

/// <summary>
/// The mobile sites within 2 km of a school (the « reseau-4g » indicator and the fiche's operators), on a
/// hand-made lattice of sites around Toulouse: the grid index finds what a full scan finds wherever the
/// school sits in its 0.05° cell, and the distance is the great-circle distance, checked against figures
/// computed by hand.
/// </summary>
public class MobileSitesNearbyTests
{
    private static readonly (string Code, string? Name)[] Operators = [("20801", "Orange"), ("20810", "SFR"), ("20815", "Free Mobile"), ("20820", "Bouygues Telecom"), ("20899", null)];

    /// <summary>A site every 0.004° (about 440 m north–south, 320 m east–west) over 43.50–43.70 N, 1.30–1.50 E.</summary>
    private static readonly List<MobileSite> Lattice = Enumerable.Range(0, 51).SelectMany(i => Enumerable.Range(0, 51).Select(j =>
    {
        var (code, name) = Operators[(i * 51 + j) % Operators.Length];
        return new MobileSite
        {
            OperatorCode = code, OperatorName = name, Latitude = 43.50 + i * 0.004, Longitude = 1.30 + j * 0.004, X = 0, Y = 0,
            Has2G = true, Has3G = (i + j) % 3 != 0, Has4G = (i * j) % 4 != 1,
        };
    })).ToList();

    private static readonly MobileSiteIndex Index = new(Lattice, "2018-01");

    private static MobileSitesNearby Scan(double latitude, double longitude, int radius)
    {
        var near = Lattice.Where(s => MobileSiteIndex.DistanceMeters(latitude, longitude, s.Latitude, s.Longitude) <= radius).ToList();
        static List<string> Names(IEnumerable<MobileSite> sites) => sites.Select(s => s.OperatorName ?? s.OperatorCode).Distinct().Order(StringComparer.Ordinal).ToList();
        return new MobileSitesNearby(radius, near.Count, near.Count(s => s.Has4G), Names(near.Where(s => s.Has4G)), Names(near.Where(s => s.Has3G)), "2018-01");
    }

    public static TheoryData<double, double> Schools()
    {
        // Near each edge and corner of the cells around 43.60 N 1.40 E (cell edges every 0.05°), and inside them.
        var data = new TheoryData<double, double>();
        foreach (var latitude in new[] { 43.5505, 43.5995, 43.6005, 43.6249, 43.6495, 43.6503 })
        foreach (var longitude in new[] { 1.3502, 1.3998, 1.4003, 1.4251, 1.4497, 1.4502 })
            data.Add(latitude, longitude);
        return data;
    }

    [Theory]
    [MemberData(nameof(Schools))]
    public void The_sites_around_a_school_are_those_a_full_scan_finds_wherever_it_sits_in_its_cell(double latitude, double longitude)
    {
        var expected = Scan(latitude, longitude, MobileSiteIndex.DefaultRadiusMeters);
        var near = Index.Around(latitude, longitude);
        Assert.True(expected.Sites > 50, $"{expected.Sites} sites within 2 km"); // sites in the neighbouring cells too
        Assert.Equal((expected.Sites, expected.Sites4G), (near.Sites, near.Sites4G));
        Assert.Equal(expected.Operators4G, near.Operators4G);
        Assert.Equal(expected.Operators3G, near.Operators3G);
        Assert.Equal((2_000, "2018-01"), (near.RadiusMeters, near.SourceDate));
    }

    [Fact]
    public void Operators_are_named_once_each_in_order_and_by_their_code_when_unnamed()
    {
        var near = Index.Around(43.60, 1.40);
        Assert.Equal(["20899", "Bouygues Telecom", "Free Mobile", "Orange", "SFR"], near.Operators4G);
        Assert.Equal(near.Operators4G, near.Operators3G);
        Assert.True(near.Sites4G < near.Sites, $"{near.Sites4G} sites 4G sur {near.Sites}");
    }

    [Fact]
    public void A_smaller_radius_finds_the_sites_within_it_only()
    {
        // Within 300 m of a site of the lattice: itself, and its two neighbours 320 m east and west are out.
        var one = Index.Around(43.60, 1.40, 300);
        Assert.Equal((300, 1), (one.RadiusMeters, one.Sites));
        var site = Lattice.Single(s => Math.Abs(s.Latitude - 43.60) < 1e-9 && Math.Abs(s.Longitude - 1.40) < 1e-9);
        Assert.Equal([site.OperatorName ?? site.OperatorCode], site.Has4G ? one.Operators4G : one.Operators3G);
        Assert.Equal(Scan(43.6123, 1.4321, 1_000).Sites, Index.Around(43.6123, 1.4321, 1_000).Sites);
        // Far from every site (at sea in the Bay of Biscay): nothing, no operator.
        var sea = Index.Around(45.0, -3.0);
        Assert.Equal((0, 0), (sea.Sites, sea.Sites4G));
        Assert.Empty(sea.Operators4G);
        Assert.Empty(sea.Operators3G);
    }

    /// <summary>The great-circle distance from the straight line between two points of the unit sphere (another formula than the haversine).</summary>
    private static double Chord(double lat1, double lon1, double lat2, double lon2)
    {
        static (double X, double Y, double Z) Point(double lat, double lon)
        {
            var (φ, λ) = (lat * Math.PI / 180, lon * Math.PI / 180);
            return (Math.Cos(φ) * Math.Cos(λ), Math.Cos(φ) * Math.Sin(λ), Math.Sin(φ));
        }
        var (a, b) = (Point(lat1, lon1), Point(lat2, lon2));
        var chord = Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y) + (a.Z - b.Z) * (a.Z - b.Z));
        return 2 * 6_371_000 * Math.Asin(chord / 2);
    }

    [Fact]
    public void Distance_is_the_great_circle_distance_on_a_sphere_of_6371_km()
    {
        var degree = 6_371_000 * Math.PI / 180; // 111,194.93 m
        Assert.Equal(degree, MobileSiteIndex.DistanceMeters(43.0, 1.4, 44.0, 1.4), 6); // along a meridian
        Assert.Equal(degree, MobileSiteIndex.DistanceMeters(0.0, 10.0, 0.0, 11.0), 6); // along the equator
        Assert.Equal(degree, MobileSiteIndex.DistanceMeters(44.0, 1.4, 43.0, 1.4), 6); // either way
        // Along the 60th parallel a degree of longitude is about half as long (exactly: 2R·asin(cos 60° · sin 0.5°)).
        Assert.Equal(2 * 6_371_000 * Math.Asin(0.5 * Math.Sin(0.5 * Math.PI / 180)), MobileSiteIndex.DistanceMeters(60.0, 5.0, 60.0, 6.0), 6);
        Assert.Equal(0, MobileSiteIndex.DistanceMeters(43.6, 1.44, 43.6, 1.44));
        // Between points of different latitudes and longitudes, as the chord between their unit vectors gives it.
        foreach (var (lat1, lon1, lat2, lon2) in new[] { (48.8566, 2.3522, 43.6045, 1.4440), (50.6292, 3.0573, 42.6887, 2.8948), (48.3904, -4.4861, 48.5734, 7.7521), (43.6045, 1.4440, 43.6085, 3.8795) })
        {
            var expected = Chord(lat1, lon1, lat2, lon2);
            var actual = MobileSiteIndex.DistanceMeters(lat1, lon1, lat2, lon2);
            Assert.True(Math.Abs(expected - actual) < 0.01, $"({lat1}, {lon1}) → ({lat2}, {lon2}) : {actual} m, {expected} m attendus");
        }
        // Antipodes: half the circumference, not a NaN when rounding pushes the haversine past 1.
        Assert.Equal(Math.PI * 6_371_000, MobileSiteIndex.DistanceMeters(0.0, 0.0, 0.0, 180.0), 3);
        Assert.Equal(Math.PI * 6_371_000, MobileSiteIndex.DistanceMeters(45.0, 1.0, -45.0, -179.0), 3);
    }
}
