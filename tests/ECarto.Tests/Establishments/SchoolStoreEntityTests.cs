using System.Text.Json;
using ECarto.Establishments;
using ECarto.Sources;
using ECarto.Sources.Annuaire;
using ECarto.Sources.Colleges;
using ECarto.Sources.Arcep;
using ECarto.Sources.Inventaire;
using ECarto.Indicators;
using ECarto.Ingestion;

namespace ECarto.Tests.Establishments;

/// <summary>The school entity of the <c>schools</c> tables, on the real annuaire (no storage involved).</summary>
public class SchoolStoreEntityTests
{
    private static readonly Lazy<IReadOnlyList<School>> Schools = new(() => TestData.AnnuaireSchools());

    [Fact]
    public void Every_school_round_trips_through_its_entity()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        foreach (var school in Schools.Value)
        {
            var back = SchoolStore.FromEntity(SchoolStore.ToEntity(school, "v1"));
            // Records compare lists by reference: compare their JSON instead.
            Assert.Equal(JsonSerializer.Serialize(school, options), JsonSerializer.Serialize(back, options));
        }
    }

    [Fact]
    public async Task A_school_with_every_figure_and_a_college_of_the_national_file_round_trip_too()
    {
        static async Task<List<T>> ReadAsync<T>(string sampleFile, Func<TextReader, CancellationToken, IAsyncEnumerable<RowResult<T>>> read) where T : class
        {
            await using var file = File.OpenRead(Path.Combine(TestData.Root, "data", sampleFile));
            using var reader = await SourceText.OpenAsync(file);
            return await read(reader, CancellationToken.None).Where(r => r.Value is not null).Select(r => r.Value!).ToListAsync();
        }
        var sites = await ReadAsync<MobileSite>(ArcepMobileSource.Definition.SampleFile, MobileSiteReader.ReadAsync);
        var college = (await ReadAsync<CollegeLine>(CollegesSource.Definition.SampleFile, CollegesReader.ReadAsync)).First(c => c.Latitude is not null);
        var fermat = Schools.Value.Single(s => s.Uai == "0310036W");
        var full = fermat with
        {
            Inventory = InventaireGenerator.Generate(fermat, new DateOnly(2024, 11, 26)),
            Mobile = new MobileSiteIndex(sites, "2018-01").Around(fermat.Latitude!.Value, fermat.Longitude!.Value),
            Ips = 131.2,
            IpsRentree = 2023,
            CommuneCodeInSource = "31000",
        };
        Assert.NotNull(full.Inventory);
        Assert.True(full.Mobile!.Sites4G > 0);

        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        foreach (var school in new[] { full, Composition.FromCollegesFile(college, "2024-06-01") })
        {
            var back = SchoolStore.FromEntity(SchoolStore.ToEntity(school, "v1"));
            Assert.Equal(JsonSerializer.Serialize(school, options), JsonSerializer.Serialize(back, options));
        }
        Assert.Equal(CollegesSource.Definition.Id, SchoolStore.FromEntity(SchoolStore.ToEntity(Composition.FromCollegesFile(college, "2024-06-01"), "v1")).Source.SourceId);
    }

    [Fact]
    public void An_entity_holds_no_null_property_and_its_attribution_by_source_id()
    {
        var school = Schools.Value.First(s => s.Ips is null && s.ArrondissementCode is null);

        var entity = SchoolStore.ToEntity(school, "v1");

        Assert.DoesNotContain(entity, p => p.Value is null);
        Assert.False(entity.ContainsKey("Ips"));
        Assert.Equal("annuaire", entity.GetString("SourceId"));
        Assert.Equal("2024-11-26", entity.GetString("SourceDate"));
        Assert.DoesNotContain("null", entity.GetString("SitesJson"));
        var back = SchoolStore.FromEntity(entity);
        Assert.Equal(SourceCatalog.Annuaire.Producer, back.Source.Producer);
        Assert.Contains("Licence Ouverte", back.Source.Text);
    }

    [Fact]
    public void An_entity_of_layout_1_still_reads_its_attribution_from_its_source_json()
    {
        var entity = SchoolStore.ToEntity(Schools.Value[0], "v1");
        entity.Remove("SourceId");
        entity.Remove("SourceDate");
        entity["SourceJson"] = JsonSerializer.Serialize(new
        {
            producer = CollegesSource.Definition.Producer,
            dataset = CollegesSource.Definition.Dataset,
            date = "2024-06-01",
            licence = CollegesSource.Definition.Licence,
        });

        var source = SchoolStore.FromEntity(entity).Source;

        Assert.Equal(CollegesSource.Definition.Id, source.SourceId);
        Assert.Equal("2024-06-01", source.Date);
    }
}
