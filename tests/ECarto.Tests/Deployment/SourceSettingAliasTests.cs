using ECarto.Sources;
using ECarto.Sources.Arcep;
using Microsoft.Extensions.Configuration;

namespace ECarto.Tests.Deployment;

/// <summary>
/// A source whose id holds a hyphen (arcep-thd) can still be configured on Azure, where app setting names
/// hold only letters, digits, « . » and « _ »: as the environment variable Sources__arcep_thd__Location.
/// </summary>
public class SourceSettingAliasTests
{
    private static SourceLocations FromEnvironment(string prefix, IDictionary<string, string> variables)
    {
        foreach (var (name, value) in variables) Environment.SetEnvironmentVariable(prefix + name, value);
        try
        {
            return new SourceLocations(new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build());
        }
        finally
        {
            foreach (var name in variables.Keys) Environment.SetEnvironmentVariable(prefix + name, null);
        }
    }

    [Fact]
    public void The_app_setting_form_with_underscores_sets_a_hyphenated_source()
    {
        var prefix = "ECARTOALIAS" + Guid.NewGuid().ToString("N")[..8] + "_";
        var locations = FromEnvironment(prefix, new Dictionary<string, string>
        {
            ["Sources__arcep_thd__Location"] = "https://example.org/ftth.csv",
            ["Sources__arcep_thd__Date"] = "2025T2",
        });

        Assert.True(locations.IsConfigured(ArcepThdSource.Definition));
        Assert.Equal("https://example.org/ftth.csv", locations.Location(ArcepThdSource.Definition));
        Assert.Equal("2025T2", locations.SourceDate(ArcepThdSource.Definition, "https://example.org/ftth.csv"));
        Assert.False(locations.UsesProductionLocation(ArcepThdSource.Definition));
    }

    [Fact]
    public void The_hyphenated_key_still_works_and_wins()
    {
        var locations = new SourceLocations(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sources:arcep-thd:Location"] = "https://example.org/a.csv",
            ["Sources:arcep_thd:Location"] = "https://example.org/b.csv",
        }).Build());

        Assert.Equal("https://example.org/a.csv", locations.Location(ArcepThdSource.Definition));
    }

    [Fact]
    public void Every_source_id_has_an_app_setting_form()
    {
        Assert.All(SourceCatalog.All, source => Assert.Matches("^[A-Za-z0-9._]+$", $"Sources__{SourceLocations.SettingId(source.Id)}__Location"));
    }
}
