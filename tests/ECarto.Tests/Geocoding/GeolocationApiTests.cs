using System.Globalization;
using System.Text.Json;
using ECarto.Api;
using ECarto.Establishments;
using ECarto.Geocoding;
using ECarto.Search;
using ECarto.Tests.Ingestion;
using Microsoft.AspNetCore.Http;

namespace ECarto.Tests.Geocoding;

/// <summary>GET /api/geocodage (the offline fallback) and GET /api/etablissements/proches on the published sample.</summary>
[Collection(AzuriteCollection.Name)]
public class GeolocationApiTests(PublishedEverything published) : IClassFixture<PublishedEverything>
{
    private async Task<(int Status, HttpResponse Response, JsonElement Body)> GetAsync(Func<GeolocationHandlers, HttpRequest, Task<IResult>> handler, string query, GeolocationHandlers? handlers = null)
    {
        var context = new DefaultHttpContext { RequestServices = published.Platform.Services };
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query);
        context.Response.Body = new MemoryStream();
        await (await handler(handlers ?? published.Platform.Get<GeolocationHandlers>(), context.Request)).ExecuteAsync(context);
        context.Response.Body.Position = 0;
        var body = context.Response.Body.Length == 0 ? default : (await JsonDocument.ParseAsync(context.Response.Body)).RootElement.Clone();
        return (context.Response.StatusCode, context.Response, body);
    }

    private Task<(int Status, HttpResponse Response, JsonElement Body)> GeocodeAsync(string query, GeolocationHandlers? handlers = null) =>
        GetAsync((h, r) => h.GeocodeAsync(r, CancellationToken.None), query, handlers);

    private Task<(int Status, HttpResponse Response, JsonElement Body)> NearbyAsync(string query) =>
        GetAsync((h, r) => h.NearbyAsync(r, CancellationToken.None), query);

    /// <summary>Great-circle distance, written again here: haversine on a sphere of 6,371 km.</summary>
    private static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6_371_000;
        double Rad(double d) => d * Math.PI / 180;
        var h = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2);
        return 2 * R * Math.Asin(Math.Sqrt(h));
    }

    /// <summary>The mean position of the published schools of a commune, computed here.</summary>
    private (double Lat, double Lon) CommuneMean(string commune)
    {
        var schools = published.Schools.Values.Where(s => s.CommuneCode == commune && s.Latitude is not null && s.Longitude is not null).ToList();
        return (schools.Average(s => s.Latitude!.Value), schools.Average(s => s.Longitude!.Value));
    }

    [Theory]
    [InlineData("Albi", "81004", "Albi (81)")]
    [InlineData("albi", "81004", "Albi (81)")]
    [InlineData("31000", "31555", "Toulouse (31)")]
    [InlineData("34172", "34172", "Montpellier (34)")]
    public async Task The_fallback_finds_a_commune_by_name_postcode_or_code_at_the_mean_of_its_schools(string address, string commune, string label)
    {
        var (status, response, body) = await GeocodeAsync("?adresse=" + Uri.EscapeDataString(address));
        Assert.Equal(200, status);
        Assert.StartsWith("\"v", response.Headers.ETag.ToString());
        Assert.Equal("communes", body.GetProperty("source").GetString());
        Assert.Equal(label, body.GetProperty("label").GetString());
        Assert.Equal(address, body.GetProperty("adresse").GetString());
        var (lat, lon) = CommuneMean(commune);
        Assert.Equal(lat, body.GetProperty("lat").GetDouble(), 6);
        Assert.Equal(lon, body.GetProperty("lon").GetDouble(), 6);
    }

    [Theory]
    [InlineData("?adresse=", 400)]
    [InlineData("?adresse=%20%20", 400)]
    [InlineData("?x=1", 400)]
    [InlineData("?adresse=Zzyzxville", 404)]
    [InlineData("?adresse=99999", 404)]
    public async Task An_empty_address_is_a_400_and_an_unknown_one_a_404_problem(string query, int expected)
    {
        var (status, _, body) = await GeocodeAsync(query);
        Assert.Equal(expected, status);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
        if (expected == 400) Assert.Equal("adresse", body.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task A_too_long_address_is_a_400()
    {
        var (status, _, _) = await GeocodeAsync("?adresse=" + new string('a', GeolocationHandlers.MaxAddressLength + 1));
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Azure_maps_refusing_access_is_a_502_problem_for_the_user()
    {
        var refusing = new RefusingGeocoder();
        var handlers = new GeolocationHandlers(published.Platform.Get<SchoolCatalogProvider>(), refusing, published.Platform.Get<SearchOptions>());
        var (status, _, body) = await GeocodeAsync("?adresse=Albi", handlers);
        Assert.Equal(502, status);
        Assert.Equal("Géocodage indisponible", body.GetProperty("title").GetString());
        Assert.Equal(RefusingGeocoder.Message, body.GetProperty("detail").GetString());
    }

    private sealed class RefusingGeocoder : IGeocoder
    {
        public const string Message = "Le service de géocodage Azure Maps a refusé l'accès (401).";

        public Task<GeocodedPlace?> GeocodeAsync(string address, CancellationToken cancellationToken) => throw new GeocodingException(502, Message);
    }

    [Fact]
    public async Task Around_a_commune_the_nearest_school_comes_first_with_its_distance()
    {
        var (_, _, place) = await GeocodeAsync("?adresse=Albi");
        var (lat, lon) = (place.GetProperty("lat").GetDouble(), place.GetProperty("lon").GetDouble());
        var (status, response, body) = await NearbyAsync(FormattableString.Invariant($"?lat={lat}&lon={lon}&rayon=3000&pageSize=100"));
        Assert.Equal(200, status);
        Assert.StartsWith("\"v", response.Headers.ETag.ToString());

        // Recomputed here from the published schools: the observatory's, open, with a position, within 3 km.
        var expected = published.Schools.Values
            .Where(s => SchoolScope.IsCounted(s) && s.Latitude is not null && s.Longitude is not null)
            .Select(s => (s.Uai, Distance: Haversine(lat, lon, s.Latitude!.Value, s.Longitude!.Value)))
            .Where(s => s.Distance <= 3000)
            .OrderBy(s => s.Distance)
            .ToList();
        Assert.True(expected.Count > 5);
        Assert.Equal(expected.Count, body.GetProperty("total").GetInt32());
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(expected[0].Uai, results[0].GetProperty("uai").GetString());
        Assert.Equal(Math.Round(expected[0].Distance), results[0].GetProperty("distanceMetres").GetInt32());
        Assert.Equal(expected.Select(e => (int)Math.Round(e.Distance)), results.Select(r => r.GetProperty("distanceMetres").GetInt32()));
    }

    [Fact]
    public async Task The_type_filter_and_the_default_radius_apply()
    {
        var (lat, lon) = CommuneMean("31555");
        var (_, _, body) = await NearbyAsync(FormattableString.Invariant($"?lat={lat}&lon={lon}&type=college&pageSize=100"));
        Assert.Equal(5000, body.GetProperty("rayon").GetInt32());
        Assert.All(body.GetProperty("results").EnumerateArray(), r =>
        {
            Assert.Contains("Collège", r.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
            Assert.InRange(r.GetProperty("distanceMetres").GetInt32(), 0, 5000);
        });
        Assert.True(body.GetProperty("total").GetInt32() > 0);
    }

    [Theory]
    [InlineData("?lon=1.4", "lat")]
    [InlineData("?lat=43.6", "lon")]
    [InlineData("?lat=91&lon=1", "lat")]
    [InlineData("?lat=43.6&lon=-181", "lon")]
    [InlineData("?lat=43,6&lon=1.4", "lat")]
    [InlineData("?lat=NaN&lon=1.4", "lat")]
    [InlineData("?lat=43.6&lon=1.4&rayon=50001", "rayon")]
    [InlineData("?lat=43.6&lon=1.4&rayon=0", "rayon")]
    [InlineData("?lat=43.6&lon=1.4&type=gymnase", "type")]
    [InlineData("?lat=43.6&lat=44&lon=1.4", "lat")]
    public async Task Missing_or_out_of_range_coordinates_are_a_400_naming_the_parameter(string query, string parameter)
    {
        var (status, _, body) = await NearbyAsync(query);
        Assert.Equal(400, status);
        Assert.Equal(parameter, body.GetProperty("parameter").GetString());
    }
}
