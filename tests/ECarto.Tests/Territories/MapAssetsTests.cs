using System.IO.Compression;
using System.Text.Json;

namespace ECarto.Tests.Territories;

/// <summary>
/// The map's committed static assets (tools/site-assets.mjs writes them): the vendored Leaflet and
/// markercluster are exactly the pinned npm versions, and the contours are light and well formed.
/// </summary>
public class MapAssetsTests
{
    private static string Site => Path.Combine(TestData.Root, "static-site");

    /// <summary>[package, file in the package, file in static-site/vendor/package] — as tools/site-assets.mjs copies them.</summary>
    public static TheoryData<string, string, string> Vendored => new()
    {
        { "leaflet", "dist/leaflet.js", "leaflet.js" },
        { "leaflet", "dist/leaflet.css", "leaflet.css" },
        { "leaflet", "dist/images/layers.png", "images/layers.png" },
        { "leaflet", "dist/images/marker-icon.png", "images/marker-icon.png" },
        { "leaflet", "LICENSE", "LICENSE" },
        { "leaflet.markercluster", "dist/leaflet.markercluster.js", "leaflet.markercluster.js" },
        { "leaflet.markercluster", "dist/MarkerCluster.css", "MarkerCluster.css" },
        { "leaflet.markercluster", "dist/MarkerCluster.Default.css", "MarkerCluster.Default.css" },
        { "leaflet.markercluster", "MIT-LICENCE.txt", "LICENSE" },
    };

    private static string PinnedVersion(string package)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData.Root, "package.json")));
        return json.RootElement.GetProperty("devDependencies").GetProperty(package).GetString()!;
    }

    [Theory]
    [MemberData(nameof(Vendored))]
    public void A_vendored_file_is_the_one_of_the_pinned_npm_package(string package, string from, string to)
    {
        var vendored = Path.Combine(Site, "vendor", package, to);
        Assert.True(File.Exists(vendored), $"{vendored} manque : npm run site:assets");
        Assert.Equal(PinnedVersion(package), File.ReadAllText(Path.Combine(Site, "vendor", package, "VERSION")).Trim());
        var installed = Path.Combine(TestData.Root, "node_modules", package);
        // node_modules/ is there wherever Azurite is (npm ci): compare byte for byte with the installed, pinned package.
        Assert.True(Directory.Exists(installed), "node_modules absent : npm ci");
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(installed, "package.json")));
        Assert.Equal(PinnedVersion(package), manifest.RootElement.GetProperty("version").GetString());
        Assert.True(File.ReadAllBytes(Path.Combine(installed, from)).AsSpan().SequenceEqual(File.ReadAllBytes(vendored)),
            $"{to} diffère de {package}/{from} : relancez npm run site:assets");
    }

    private static long Gzipped(string path)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(File.ReadAllBytes(path));
        return output.Length;
    }

    [Fact]
    public void The_france_layers_weigh_at_most_300_kb_gzipped_together()
    {
        var total = new[] { "regions.json", "academies.json", "departements.json" }.Sum(f => Gzipped(Path.Combine(Site, "contours", f)));
        Assert.InRange(total, 20_000, 300 * 1024);
        Assert.All(Directory.GetFiles(Path.Combine(Site, "contours", "communes")), f => Assert.InRange(Gzipped(f), 5_000, 80 * 1024));
    }

    [Theory]
    [InlineData("regions.json", 18, "76", "Occitanie")]
    [InlineData("academies.json", 30, "16", "Toulouse")]
    [InlineData("departements.json", 101, "31", "Haute-Garonne")]
    [InlineData("communes/31.json", 586, "31555", "Toulouse")]
    public void Each_layer_has_every_territory_with_only_its_code_and_name(string file, int atLeast, string code, string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Site, "contours", file)));
        var features = json.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.InRange(features.Count, atLeast, atLeast + 1);
        Assert.All(features, f =>
        {
            Assert.Equal(["code", "nom"], f.GetProperty("properties").EnumerateObject().Select(p => p.Name));
            Assert.Contains(f.GetProperty("geometry").GetProperty("type").GetString(), new[] { "Polygon", "MultiPolygon" });
        });
        Assert.Equal(features.Count, features.Select(f => f.GetProperty("properties").GetProperty("code").GetString()).Distinct().Count());
        var feature = features.Single(f => f.GetProperty("properties").GetProperty("code").GetString() == code);
        Assert.Equal(name, feature.GetProperty("properties").GetProperty("nom").GetString());
    }
}
