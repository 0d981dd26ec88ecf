using ECarto.Sources;
using ECarto.Sources.Cog;
using Microsoft.Extensions.Configuration;

namespace ECarto.Tests.Sources;

/// <summary>The date each figure is attributed to, read from the sample files' names.</summary>
public class SourceDateTests
{
    private static readonly SourceLocations Locations = new(new ConfigurationBuilder().Build());

    [Theory]
    [InlineData("annuaire/fr-en-annuaire-education_occitanie_ac-toulouse_ac-montpellier_2024-11-26.csv", "2024-11-26")]
    [InlineData("arcep-fixe/arcep_maconnexioninternet_communes_2022T4.csv", "2022T4")]
    [InlineData("arcep-fixe/arcep_obs-thd_2018T1_ftthCommunes.csv", "2018T1")]
    [InlineData("arcep-mobile/2018_01_Sites_mobiles_2G_3G_4G_France_metropolitaine_L93.csv", "2018-01")]
    [InlineData("effectifs/fr-en-lycee_gt-effectifs-niveau-sexe-lv_france_2019-2021.csv", "2019-2021")]
    [InlineData("annuaire/fr-en-adresse-et-geolocalisation_colleges_france_2024.csv", "2024")]
    public void The_date_comes_from_the_file_name(string file, string date) =>
        Assert.Equal(date, Locations.SourceDate(SourceCatalog.Annuaire, file));

    [Fact]
    public void A_file_without_a_date_in_its_name_takes_its_declared_sample_date() =>
        Assert.Equal("2026", Locations.SourceDate(CogSource.Definition, "referentiel-admin/communes.json"));
}

public class SourceLocationTests
{
    [Fact]
    public void Without_a_data_folder_holding_the_sample_a_source_is_downloaded_from_its_official_url()
    {
        var empty = Directory.CreateTempSubdirectory("ecarto-no-data-");
        try
        {
            var locations = new SourceLocations(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Data:Root"] = empty.FullName }).Build());
            Assert.Equal(SourceCatalog.Annuaire.ProductionUrl.AbsoluteUri, locations.Location(SourceCatalog.Annuaire));
            Assert.False(locations.IsConfigured(SourceCatalog.Annuaire));
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void With_the_repository_the_sample_file_is_read() =>
        Assert.Equal(TestData.AnnuairePath, new SourceLocations(new ConfigurationBuilder().Build()).Location(SourceCatalog.Annuaire));
}
