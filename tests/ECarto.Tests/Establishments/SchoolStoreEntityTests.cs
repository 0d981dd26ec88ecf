using System.Text.Json;
using ECarto.Establishments;
using ECarto.Sources;
using ECarto.Sources.Annuaire;
using ECarto.Sources.Colleges;

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
