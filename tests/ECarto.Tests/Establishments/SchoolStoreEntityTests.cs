using System.Text.Json;
using ECarto.Establishments;
using ECarto.Sources;
using ECarto.Sources.Annuaire;

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
}
