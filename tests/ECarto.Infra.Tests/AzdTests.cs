namespace ECarto.Infra.Tests;

/// <summary>azure.yaml points azd at infra/ and at the two services the template tags.</summary>
public sealed class AzdTests
{
    private static readonly string Root = InfraFixture.FindRepoRoot();

    /// <summary>The services: section of azure.yaml (service -> key -> value); comments ignored.</summary>
    private static Dictionary<string, Dictionary<string, string>> Services(out Dictionary<string, string> infra)
    {
        var services = new Dictionary<string, Dictionary<string, string>>();
        infra = [];
        string? section = null;
        Dictionary<string, string>? current = null;
        foreach (var raw in File.ReadAllLines(Path.Combine(Root, "azure.yaml")))
        {
            var line = raw.Split(" #")[0].TrimEnd();
            if (line.Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }
            var indent = line.Length - line.TrimStart().Length;
            var (key, value) = line.Trim().Split(':', 2) is [var k, var v] ? (k.Trim(), v.Trim()) : (line.Trim(), "");
            if (indent == 0)
            {
                section = key;
            }
            else if (section == "services" && indent == 2)
            {
                services[key] = current = [];
            }
            else if (section == "services" && indent == 4 && current is not null)
            {
                current[key] = value;
            }
            else if (section == "infra" && indent == 2)
            {
                infra[key] = value;
            }
        }
        return services;
    }

    [Fact]
    public void Azure_yaml_provisions_infra_with_bicep()
    {
        Services(out var infra);
        Assert.Equal("bicep", infra["provider"]);
        Assert.Equal("./infra", infra["path"]);
        Assert.True(File.Exists(Path.Combine(Root, infra["path"], $"{infra["module"]}.bicep")));
    }

    [Fact]
    public void Azure_yaml_deploys_the_function_app_and_the_static_site()
    {
        var services = Services(out _);
        Assert.Equal(["api", "web"], services.Keys.Order(StringComparer.Ordinal));

        Assert.Equal("./functions/ECarto.Functions", services["api"]["project"]);
        Assert.Equal("dotnet", services["api"]["language"]);
        Assert.Equal("function", services["api"]["host"]);

        Assert.Equal("./static-site", services["web"]["project"]);
        Assert.Equal("staticwebapp", services["web"]["host"]);
        Assert.Equal(".", services["web"]["dist"]);
        // No language: the site is served as is, azd runs no npm build.
        Assert.False(services["web"].ContainsKey("language"));

        foreach (var service in services.Values)
        {
            Assert.True(Directory.Exists(Path.Combine(Root, service["project"])), $"{service["project"]} does not exist");
        }
    }
}
