using System.Diagnostics;
using System.Text.Json;

namespace ECarto.Infra.Tests;

/// <summary>
/// The azd predeploy hook that tells the site where its API is (infra/hooks/write-site-config.sh), run
/// for real with sh on a copy of static-site/: config.json and the CSP's connect-src.
/// </summary>
public sealed class SiteConfigHookTests : IDisposable
{
    private static readonly string Root = InfraFixture.FindRepoRoot();
    private static readonly string Hook = Path.Combine(Root, "infra", "hooks", "write-site-config.sh");
    private readonly string site = Directory.CreateTempSubdirectory("ecarto-site-").FullName;

    public SiteConfigHookTests()
    {
        foreach (var name in new[] { "config.json", "staticwebapp.config.json" })
        {
            File.Copy(Path.Combine(Root, "static-site", name), Path.Combine(site, name));
        }
    }

    public void Dispose() => Directory.Delete(site, recursive: true);

    private (int ExitCode, string Output) RunHook(string? apiBaseUrl)
    {
        var start = new ProcessStartInfo("sh", [Hook, site]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove("API_BASE_URL");
        if (apiBaseUrl is not null)
        {
            start.Environment["API_BASE_URL"] = apiBaseUrl;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }

    private string ApiBaseUrl()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(site, "config.json")));
        return config.RootElement.GetProperty("apiBaseUrl").GetString()!;
    }

    private string ConnectSrc()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(site, "staticwebapp.config.json")));
        var csp = config.RootElement.GetProperty("globalHeaders").GetProperty("Content-Security-Policy").GetString()!;
        return Assert.Single(csp.Split(';').Select(d => d.Trim()), d => d.StartsWith("connect-src ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_committed_site_calls_its_own_origin()
    {
        Assert.Equal("", ApiBaseUrl());
        Assert.Equal("connect-src 'self'", ConnectSrc());
    }

    [Fact]
    public void The_function_app_origin_goes_to_config_json_and_to_connect_src()
    {
        var (exitCode, output) = RunHook("https://func-ecarto-abc123.azurewebsites.net/");
        Assert.True(exitCode == 0, output);
        Assert.Equal("https://func-ecarto-abc123.azurewebsites.net", ApiBaseUrl());
        Assert.Equal("connect-src 'self' https://func-ecarto-abc123.azurewebsites.net", ConnectSrc());

        // Run again with another origin, then empty (linked backend): the directive is replaced, not appended to.
        Assert.Equal(0, RunHook("https://func-ecarto-other.azurewebsites.net").ExitCode);
        Assert.Equal("connect-src 'self' https://func-ecarto-other.azurewebsites.net", ConnectSrc());
        Assert.Equal(0, RunHook("").ExitCode);
        Assert.Equal("", ApiBaseUrl());
        Assert.Equal("connect-src 'self'", ConnectSrc());
        Assert.Equal(0, RunHook(null).ExitCode);
        Assert.Equal("connect-src 'self'", ConnectSrc());
    }

    [Theory]
    [InlineData("http://func-ecarto.azurewebsites.net")]
    [InlineData("https://func-ecarto.azurewebsites.net/api")]
    [InlineData("https://func\"ecarto.azurewebsites.net")]
    [InlineData("https://func-ecarto.azurewebsites.net; script-src *")]
    public void Anything_but_an_https_origin_is_refused_and_nothing_is_written(string apiBaseUrl)
    {
        var before = File.ReadAllText(Path.Combine(site, "staticwebapp.config.json"));
        var (exitCode, output) = RunHook(apiBaseUrl);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("API_BASE_URL", output);
        Assert.Equal("", ApiBaseUrl());
        Assert.Equal(before, File.ReadAllText(Path.Combine(site, "staticwebapp.config.json")));
    }

    [Fact]
    public void Azd_runs_the_hook_before_each_deployment()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "azure.yaml")).Select(l => l.Split(" #")[0].TrimEnd()).ToList();
        var hooks = lines.IndexOf("hooks:");
        Assert.True(hooks >= 0, "azure.yaml has no hooks: section");
        var predeploy = lines.IndexOf("  predeploy:", hooks);
        Assert.True(predeploy > hooks, "azure.yaml has no predeploy hook");
        var body = lines.Skip(predeploy + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        Assert.Contains("shell: sh", body);
        Assert.Contains("run: ./infra/hooks/write-site-config.sh", body);
    }
}
