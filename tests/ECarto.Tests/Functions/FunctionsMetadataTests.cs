using System.Text.Json;
using ECarto.Api;
using ECarto.LocalHost;
using ECarto.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ECarto.Tests.Functions;

/// <summary>
/// functions.metadata, as the build generates it, is the contract: the local host serves exactly its HTTP
/// routes and methods, and every timer reads its schedule from a setting the local host also uses.
/// </summary>
public class FunctionsMetadataTests
{
    private static JsonElement[] Functions()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<configuration>/net10.0
        var path = Path.Combine(TestData.Root, "functions", "ECarto.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"functions.metadata not built: {path}");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray().ToArray();
    }

    private static IEnumerable<JsonElement> Bindings(JsonElement function, string type) =>
        function.GetProperty("bindings").EnumerateArray().Where(b => b.GetProperty("type").GetString() == type);

    [Fact]
    public void Every_http_function_route_and_method_is_served_by_the_local_host_and_nothing_else()
    {
        var declared = Functions()
            .SelectMany(f => Bindings(f, "httpTrigger"))
            .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m => $"{m.GetString()!.ToUpperInvariant()} /api/{b.GetProperty("route").GetString()}"))
            .Order()
            .ToList();

        var app = LocalHostApp.Build([], c =>
        {
            c["Storage:ConnectionString"] = "UseDevelopmentStorage=true";
            c["LocalHost:Schedule"] = "false";
        });
        var endpoints = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .ToList();
        var served = endpoints
            .Where(e => e.RoutePattern.RawText!.StartsWith(ApiRoutes.Served(""), StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order()
            .ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared, served);
        // Besides the API, only the site's pages (answered with index.html).
        var pages = endpoints.Select(e => e.RoutePattern.RawText!).Where(r => !r.StartsWith(ApiRoutes.Served(""), StringComparison.Ordinal)).Distinct().Order();
        Assert.Equal(StaticSiteConfig.PagePatterns.Order(), pages);
    }

    [Fact]
    public void Every_timer_reads_its_schedule_from_a_setting_that_the_local_host_and_local_settings_give()
    {
        var timers = Functions().SelectMany(f => Bindings(f, "timerTrigger")).ToList();
        Assert.Equal(SourceCatalog.All.Count, timers.Count);

        var localHostSettings = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData.Root, "functions", "ECarto.LocalHost", "appsettings.json"))).RootElement;
        var functionSettings = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData.Root, "functions", "ECarto.Functions", "local.settings.json"))).RootElement.GetProperty("Values");
        foreach (var timer in timers)
        {
            var schedule = timer.GetProperty("schedule").GetString()!;
            Assert.Matches("^%[A-Z_]+%$", schedule);
            Assert.False(timer.GetProperty("runOnStartup").GetBoolean());
            var setting = schedule.Trim('%');
            Assert.Contains(SourceCatalog.All, s => s.ScheduleSetting == setting);
            var expression = localHostSettings.GetProperty(setting).GetString()!;
            Assert.Equal(expression, functionSettings.GetProperty(setting).GetString());
            Assert.True(IngestionScheduler.ParseSchedule(expression).GetNextOccurrence(DateTime.Now) > DateTime.Now);
            // …and Azure gets it too: the function app's template sets it.
            Assert.Contains($"name: '{setting}'", File.ReadAllText(Path.Combine(TestData.Root, "infra", "modules", "functionapp.bicep")));
        }
    }
}
