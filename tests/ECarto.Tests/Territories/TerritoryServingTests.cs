using System.Security.Cryptography;
using System.Text.Json;
using ECarto.Establishments;
using ECarto.Indicators;
using ECarto.Search;
using ECarto.Territories;
using Microsoft.Extensions.Logging.Abstractions;

namespace ECarto.Tests.Territories;

/// <summary>
/// What serving reads of the territories of <see cref="TerritoryHierarchyTests"/>: the version's table on a
/// real Azurite (each territory read back as written, headers without indicators, a level, indicators split
/// into parts past 64 KiB), the directory in memory (communes of each territory, lycée groups) and the map
/// (values of a level, schools as points).
/// </summary>
[Collection(AzuriteCollection.Name)]
public class TerritoryServingTests(AzuriteFixture azurite)
{
    private readonly List<Territory> _territories = TerritoryHierarchyTests.Build();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static string AsJson(Territory? t) => JsonSerializer.Serialize(t, Json);

    private TerritoryDirectory Directory() =>
        new("v1", _territories, _territories.Where(t => t.Level != TerritoryLevel.Commune));

    /// <summary>Indicators whose ids are random (they do not compress): about 48 bytes each once compressed.</summary>
    private Territory WithRandomIndicators(string code, int count) => _territories.Single(t => t.Level == TerritoryLevel.Departement && t.Code == "31") with
    {
        Code = code,
        Indicators = Enumerable.Range(0, count).Select(_ => new IndicatorAggregate(Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)), new AggregateValue { Schools = 1 })).ToList(),
    };

    [Fact]
    public async Task Each_territory_is_read_back_as_it_was_written_and_headers_come_without_indicators()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        var store = platform.Get<TerritoryStore>();
        Assert.Equal(_territories.Count, await store.UpsertAsync(_territories, "v1"));

        foreach (var t in _territories) Assert.Equal(AsJson(t), AsJson(await store.GetAsync("v1", t.Level, t.Code)));
        var departements = await store.ReadLevelAsync("v1", TerritoryLevel.Departement);
        Assert.Equal(_territories.Where(t => t.Level == TerritoryLevel.Departement).OrderBy(t => t.Code, StringComparer.Ordinal).Select(AsJson),
            departements.OrderBy(t => t.Code, StringComparer.Ordinal).Select(AsJson));
        Assert.Equal(["31001", "31555"], (await store.ReadLevelAsync("v1", "commune-31")).Select(t => t.Code).Order());

        var headers = new List<Territory>();
        await foreach (var h in store.ReadHeadersAsync("v1")) headers.Add(h);
        Assert.Equal(_territories.Select(t => $"{t.Level}:{t.Code}").Order(), headers.Select(t => $"{t.Level}:{t.Code}").Order());
        var toulouse = headers.Single(t => t.Level == TerritoryLevel.Commune && t.Code == "31555");
        Assert.Equal(("Toulouse", "31", 504_078, 4, 1_100L, 850L), (toulouse.Name, toulouse.ParentCode, toulouse.Population!.Value, toulouse.Schools, toulouse.Premises!.Value, toulouse.EligibleAtLeast30Mbps!.Value));
        Assert.Equal((1_000L, 850L, 0L, 600L), (toulouse.EligibleAtLeast8Mbps!.Value, toulouse.EligibleAtLeast100Mbps!.Value, toulouse.EligibleAtLeast1Gbps!.Value, toulouse.FtthPremises!.Value));
        Assert.Equal(3, toulouse.SchoolsByType["Lycée"]);
        Assert.Equal(4, toulouse.Parents.Count);
        Assert.Empty(toulouse.Indicators);

        // Unknown: a code the version does not have, a version never written.
        Assert.Null(await store.GetAsync("v1", TerritoryLevel.Commune, "31999"));
        Assert.Null(await store.GetAsync("v0", TerritoryLevel.Commune, "31555"));
    }

    [Fact]
    public async Task Indicators_past_64_kib_are_stored_in_parts_and_past_twelve_parts_are_refused()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        var store = platform.Get<TerritoryStore>();
        var large = WithRandomIndicators("90", 3_000); // about 140 KiB compressed: three parts
        await store.UpsertAsync([large], "v1");
        var read = await store.GetAsync("v1", TerritoryLevel.Departement, "90");
        Assert.Equal(AsJson(large), AsJson(read));

        var huge = WithRandomIndicators("91", 20_000); // about 940 KiB compressed: more than an entity can hold
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpsertAsync([huge], "v1"));
        Assert.Contains("Territoire 91", error.Message);
        Assert.Null(await store.GetAsync("v1", TerritoryLevel.Departement, "91"));
    }

    [Fact]
    public async Task The_directory_of_a_version_is_loaded_once_and_again_for_a_new_version()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        var store = platform.Get<TerritoryStore>();
        await store.UpsertAsync(_territories, "v1");
        await store.UpsertAsync(_territories.Where(t => t.Code != "31001"), "v2");
        var provider = new TerritoryDirectoryProvider(store, NullLogger<TerritoryDirectoryProvider>.Instance);

        var first = await provider.GetAsync("v1");
        Assert.Same(first, await provider.GetAsync("v1"));
        Assert.Equal("v1", first.Version);
        Assert.NotNull(first.Header(TerritoryLevel.Commune, "31001"));
        Assert.Null(first.Full(TerritoryLevel.Commune, "31555")); // communes are read one by one
        Assert.Equal(AsJson(_territories.Single(t => t.Level == TerritoryLevel.Region && t.Code == "76")), AsJson(first.Full(TerritoryLevel.Region, "76")));
        Assert.Equal(["31001", "31555"], first.CommunesOf(TerritoryLevel.Departement, "31").Order());

        var second = await provider.GetAsync("v2");
        Assert.NotSame(first, second);
        Assert.Equal("v2", second.Version);
        Assert.Null(second.Header(TerritoryLevel.Commune, "31001"));
        Assert.Equal(["31555"], second.CommunesOf(TerritoryLevel.Departement, "31").Order());
    }

    [Fact]
    public void The_directory_knows_the_communes_of_every_territory_and_the_lycees_of_each_group()
    {
        var directory = Directory();
        Assert.Equal(["09122", "31001", "31555", "32013"], directory.CommunesOf(TerritoryLevel.Academie, "16").Order());
        Assert.Equal(["11069", "31001", "31555", "32013"], directory.CommunesOf(TerritoryLevel.Region, "76").Order());
        Assert.Equal(7, directory.CommunesOf(TerritoryLevel.France, TerritoryLevel.FranceCode).Count);
        Assert.Equal(["31555"], directory.CommunesOf(TerritoryLevel.Commune, "31555").Order());
        Assert.Empty(directory.CommunesOf(TerritoryLevel.Departement, "99"));
        Assert.Equal(["09", "11", "2B", "31", "32", "977"], directory.OfLevel(TerritoryLevel.Departement).Select(t => t.Code).Order(StringComparer.Ordinal));
        Assert.Equal("Haute-Garonne", directory.Header(TerritoryLevel.Departement, "31")!.Name);
        Assert.Null(directory.Header(TerritoryLevel.Departement, "99"));
        Assert.NotEmpty(directory.Full(TerritoryLevel.Departement, "31")!.Indicators);

        // The lycées of a group over every département: Haute-Garonne's and the lycée polyvalent of Aude.
        Assert.Equal(["0110001K", "0311111A", "0311119Z"], directory.LyceeGroup(SchoolScope.LyceeGt)!.Order());
        Assert.Equal(["0110001K", "0311112B"], directory.LyceeGroup(SchoolScope.LyceePro)!.Order());
        Assert.Null(directory.LyceeGroup("ecole"));
        Assert.Empty(new TerritoryDirectory("v0", [], []).LyceeGroup(SchoolScope.LyceePro)!);
    }

    [Fact]
    public async Task The_map_colours_each_territory_of_a_level_with_its_stored_figure_and_its_coverage()
    {
        await using var platform = new TestPlatform(azurite.ConnectionString);
        var store = platform.Get<TerritoryStore>();
        await store.UpsertAsync(_territories, "v1");
        var directory = await new TerritoryDirectoryProvider(store, NullLogger<TerritoryDirectoryProvider>.Instance).GetAsync("v1");
        // Toulouse and Carcassonne, not Une (in Toulouse's partition), and two territories above the commune.
        var asked = _territories.Where(t => t.Code is "31555" or "11069" or "31" or "76").ToList();

        var values = await TerritoryMap.ValuesAsync(asked, "eleves", directory, store, CancellationToken.None);
        Assert.Equal(["11069", "31", "31555", "76"], values.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new MapValue(200, 4, 1, 25, 0), values["31555"]); // the école of Toulouse gives its pupils
        Assert.Equal(new MapValue(null, 1, 0, 0, 0), values["11069"]);
        var une = _territories.Single(t => t.Code == "31001");
        Assert.Equal(new MapValue(null, 0, 0, null, 0), (await TerritoryMap.ValuesAsync([une], "eleves", directory, store, CancellationToken.None))["31001"]);
        Assert.Equal(new MapValue(200, 4, 1, 25, 0), values["31"]);
        Assert.Equal(new MapValue(200, 6, 1, 100.0 / 6, 0), values["76"]);
        Assert.Equal(new MapValue(null, 0, 0, null, 0), (await TerritoryMap.ValuesAsync(asked, "inconnu", directory, store, CancellationToken.None))["31"]);

        Assert.False(TerritoryMap.IsMappable(IndicatorCatalogue.Find("wifi")!));
        Assert.True(TerritoryMap.IsMappable(IndicatorCatalogue.Find("eleves")!));
        Assert.True(TerritoryMap.IsMappable(IndicatorCatalogue.Find("arcep-eligibles-30")!));
    }

    [Fact]
    public void The_schools_of_a_page_are_points_at_their_position_rounded_to_a_metre()
    {
        var schools = new[]
        {
            TerritoryHierarchyTests.School("0311113C", "31555", "École") with { Latitude = 43.604_652_7, Longitude = 1.444_209_3 },
            TerritoryHierarchyTests.School("0311111A", "31555", "Lycée") with { Types = ["Lycée", "Collège"], Latitude = 43.6, Longitude = 1.45 },
            TerritoryHierarchyTests.School("0311112B", "31555", "Lycée"), // no position
        };
        var index = new SchoolIndex(schools, "v1");
        var points = TerritoryMap.Points(index, schools.Select(s => index.Find(s.Uai)!)).ToList();
        Assert.Equal([new SchoolPoint("0311113C", "0311113C", "École", 43.60465, 1.44421), new SchoolPoint("0311111A", "0311111A", "Lycée", 43.6, 1.45)], points);
        Assert.Empty(TerritoryMap.Points(index, [index.Find("0311112B")!]));
    }
}
