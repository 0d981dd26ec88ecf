using ECarto.Sources.Cog;
using ECarto.Territories;

namespace ECarto.Tests.Territories;

public class TerritoryPartitionTests
{
    [Fact]
    public async Task Every_current_commune_is_partitioned_by_its_departement_from_the_cog()
    {
        var referential = await CommuneReferential.LoadAsync(Path.Combine(TestData.Root, "data", "referentiel-admin"));
        var communes = referential.CurrentCommunes.Where(c => c.DepartementCode is not null).ToList();
        Assert.True(communes.Count > 34_000, $"{communes.Count} communes lues");

        var wrong = communes.Where(c => TerritoryStore.DepartementOfCommune(c.Code) != c.DepartementCode).Select(c => $"{c.Code}→{c.DepartementCode}").ToList();

        Assert.Empty(wrong);
        Assert.Equal("commune-2A", TerritoryStore.PartitionOf(TerritoryLevel.Commune, "2A004"));
        Assert.Equal("commune-974", TerritoryStore.PartitionOf(TerritoryLevel.Commune, "97411"));
        Assert.Equal(TerritoryLevel.Departement, TerritoryStore.PartitionOf(TerritoryLevel.Departement, "31"));
        // Spread over the départements, not one partition for all communes.
        Assert.True(communes.GroupBy(c => TerritoryStore.PartitionOf(TerritoryLevel.Commune, c.Code)).Count() >= 100);
    }
}
