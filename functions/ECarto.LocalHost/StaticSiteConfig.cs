using System.Text.Json;
using Microsoft.Extensions.FileProviders;

namespace ECarto.LocalHost;

/// <summary>
/// The static site's own serving rules, read from static-site/staticwebapp.config.json so that the local
/// host and Static Web Apps send the same security headers: one place for both.
/// </summary>
public sealed class StaticSiteConfig
{
    public const string FileName = "staticwebapp.config.json";

    /// <summary>The site's page routes, answered with index.html (Static Web Apps: navigationFallback).</summary>
    public static readonly IReadOnlyList<string> PagePatterns = ["/etablissement/{**rest}", "/territoire/{**rest}", "/territoires/{**rest}"];

    public IReadOnlyDictionary<string, string> GlobalHeaders { get; }

    /// <summary>Headers of the routes that have their own (Static Web Apps: routes[].headers), over the global ones.</summary>
    public IReadOnlyList<(string Route, IReadOnlyDictionary<string, string> Headers)> RouteHeaders { get; }

    private StaticSiteConfig(IReadOnlyDictionary<string, string> globalHeaders, IReadOnlyList<(string, IReadOnlyDictionary<string, string>)>? routeHeaders = null)
    {
        GlobalHeaders = globalHeaders;
        RouteHeaders = routeHeaders ?? [];
    }

    /// <summary>Whether a Static Web Apps route pattern (exact, or ending with a * wildcard) matches the path.</summary>
    public static bool Matches(string route, string path) => route.EndsWith('*')
        ? path.StartsWith(route.TrimEnd('*'), StringComparison.OrdinalIgnoreCase)
        : string.Equals(route, path, StringComparison.OrdinalIgnoreCase);

    public static StaticSiteConfig Load(string siteFolder)
    {
        var path = Path.Combine(siteFolder, FileName);
        if (!File.Exists(path)) return new StaticSiteConfig(new Dictionary<string, string>());
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("globalHeaders", out var global))
        {
            foreach (var header in global.EnumerateObject()) headers[header.Name] = header.Value.GetString() ?? "";
        }
        var routes = new List<(string, IReadOnlyDictionary<string, string>)>();
        if (document.RootElement.TryGetProperty("routes", out var routeList))
        {
            foreach (var route in routeList.EnumerateArray())
            {
                if (!route.TryGetProperty("route", out var pattern) || !route.TryGetProperty("headers", out var own)) continue;
                routes.Add((pattern.GetString() ?? "", own.EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString() ?? "", StringComparer.OrdinalIgnoreCase)));
            }
        }
        return new StaticSiteConfig(headers, routes);
    }

    /// <summary>Static files with the site's headers; no-cache so that a new site version is seen at once.</summary>
    public StaticFileOptions FileOptions(IFileProvider files) => new()
    {
        FileProvider = files,
        OnPrepareResponse = context =>
        {
            var headers = context.Context.Response.Headers;
            headers.CacheControl = "no-cache";
            foreach (var (name, value) in GlobalHeaders) headers[name] = value;
            var path = context.Context.Request.Path.Value ?? "";
            foreach (var (route, own) in RouteHeaders.Where(r => Matches(r.Route, path)))
            {
                foreach (var (name, value) in own) headers[name] = value;
            }
        },
    };
}
