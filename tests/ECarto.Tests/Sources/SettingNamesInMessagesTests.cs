using System.Text.RegularExpressions;
using ECarto.Ingestion;
using ECarto.Sources;
using ECarto.Sources.Publishers;
using Microsoft.Extensions.Configuration;

namespace ECarto.Tests.Sources;

/// <summary>
/// A message that tells the operator which setting to change names it as Azure can hold it: an app
/// setting name has only letters, digits, « . » and « _ » (Sources__{id}__Location, not Sources:{id}:Location).
/// </summary>
public sealed partial class SettingNamesInMessagesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ecarto-settings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    /// <summary>Every setting a message names, and none in the « : » form that Azure cannot hold.</summary>
    private static void AssertAzureSettingNames(string message, params string[] expected)
    {
        Assert.DoesNotMatch(ColonSetting(), message);
        Assert.DoesNotContain("Sources-", message);
        foreach (var name in expected) Assert.Contains(name, message);
        foreach (Match setting in UnderscoreSetting().Matches(message))
        {
            Assert.Matches("^[A-Za-z0-9._{}]+$", setting.Value);
        }
    }

    [GeneratedRegex(@"\b(Sources|Publishers|Data|Search|Storage):[A-Za-z{*]")]
    private static partial Regex ColonSetting();

    [GeneratedRegex(@"\b(Sources|Publishers|Data)__\S+")]
    private static partial Regex UnderscoreSetting();

    [Fact]
    public async Task A_missing_source_file_names_data_root_and_the_location_setting_in_their_azure_form()
    {
        var fetcher = new SourceFetcher(null!, Configuration());
        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() =>
            fetcher.FetchAsync(Path.Combine(_folder, "absent.csv"), null, CancellationToken.None));
        AssertAzureSettingNames(error.Message, "Data__Root", "Sources__{id}__Location");
    }

    [Fact]
    public async Task A_source_that_gives_an_html_page_names_the_location_setting_in_its_azure_form()
    {
        var page = Path.Combine(_folder, "page.csv");
        await File.WriteAllTextAsync(page, "<!DOCTYPE html><html><body>Maintenance</body></html>");
        var fetcher = new SourceFetcher(null!, Configuration());
        var error = await Assert.ThrowsAsync<SourceUnavailableException>(() => fetcher.FetchAsync(page, null, CancellationToken.None));
        AssertAzureSettingNames(error.Message, "Sources__{id}__Location");
    }

    [Fact]
    public void A_publisher_address_that_is_not_http_names_its_setting_in_its_azure_form()
    {
        var endpoints = new PublisherEndpoints(Configuration(("Publishers:DataGouv:BaseUrl", "ftp://miroir.example.org")));
        var error = Assert.Throws<InvalidOperationException>(() => endpoints.DataGouv);
        AssertAzureSettingNames(error.Message, "Publishers__DataGouv__BaseUrl");
    }

    [Fact]
    public void The_setting_name_of_a_dashed_source_is_one_azure_can_hold()
    {
        Assert.Equal("Sources__arcep_thd__Location", SourceLocations.AppSettingName("arcep-thd", "Location"));
        Assert.Equal(SourceLocations.AppSettingName("arcep-thd", "Date"), AcceptanceRules.AppSettingName("arcep-thd", "Date"));
    }
}
