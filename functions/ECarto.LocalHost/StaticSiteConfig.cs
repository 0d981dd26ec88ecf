using System.Text.Json;
using Microsoft.Extensions.FileProviders;

namespace ECarto.LocalHost;

/// <summary>
/// The static site's own serving rules, read from static-site/staticwebapp.config.json so that the local
/// host and Static Web Apps send the same security headers and the same 404 page: one place for both.
/// </summary>
public sealed class StaticSiteConfig
{
    public const string FileName = "staticwebapp.config.json";

    /// <summary>The site's page routes, answered with index.html (Static Web Apps: navigationFallback).</summary>
    public static readonly IReadOnlyList<string> PagePatterns = ["/etablissement/{**rest}", "/territoire/{**rest}", "/territoires/{**rest}", "/carte"];

    public IReadOnlyDictionary<string, string> GlobalHeaders { get; }

    /// <summary>The page answered, with status 404, for a path that is neither a file, a page nor the API (responseOverrides.404.rewrite).</summary>
    public string? NotFoundPage { get; }

    /// <summary>Headers of the routes that have their own (Static Web Apps: routes[].headers), over the global ones.</summary>
    public IReadOnlyList<(string Route, IReadOnlyDictionary<string, string> Headers)> RouteHeaders { get; }

    private StaticSiteConfig(IReadOnlyDictionary<string, string> globalHeaders, string? notFoundPage, IReadOnlyList<(string, IReadOnlyDictionary<string, string>)> routeHeaders)
    {
        GlobalHeaders = globalHeaders;
        NotFoundPage = notFoundPage;
        RouteHeaders = routeHeaders;
    }

    /// <summary>Whether a Static Web Apps route pattern (exact, or ending with a * wildcard) matches the path.</summary>
    public static bool Matches(string route, string path) => route.EndsWith('*')
        ? path.StartsWith(route.TrimEnd('*'), StringComparison.OrdinalIgnoreCase)
        : string.Equals(route, path, StringComparison.OrdinalIgnoreCase);

    public static StaticSiteConfig Load(string siteFolder)
    {
        var path = Path.Combine(siteFolder, FileName);
        if (!File.Exists(path)) return new StaticSiteConfig(new Dictionary<string, string>(), null, []);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("globalHeaders", out var global))
        {
            foreach (var header in global.EnumerateObject()) headers[header.Name] = header.Value.GetString() ?? "";
        }
        string? notFound = null;
        if (document.RootElement.TryGetProperty("responseOverrides", out var overrides)
            && overrides.TryGetProperty("404", out var override404)
            && override404.TryGetProperty("rewrite", out var rewrite))
        {
            notFound = rewrite.GetString();
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
        return new StaticSiteConfig(headers, notFound, routes);
    }

    /// <summary>Static files with the site's headers; no-cache so that a new site version is seen at once.</summary>
    public StaticFileOptions FileOptions(IFileProvider files) => new()
    {
        FileProvider = files,
        OnPrepareResponse = context => AddHeaders(context.Context.Response),
    };

    /// <summary>
    /// A request that found nothing outside the API gets the site's French 404 page, with the site's headers
    /// and status 404, as Static Web Apps' responseOverrides does. API 404s keep their problem body.
    /// Register it after UseStatusCodePages, so that it writes the body first.
    /// </summary>
    public void UseNotFoundPage(IApplicationBuilder app, IFileProvider files, string apiPrefix)
    {
        if (string.IsNullOrEmpty(NotFoundPage)) return;
        var page = files.GetFileInfo(NotFoundPage);
        app.Use(async (context, next) =>
        {
            await next(context);
            var response = context.Response;
            if (response.StatusCode != StatusCodes.Status404NotFound || response.HasStarted || response.ContentLength is not null
                || !string.IsNullOrEmpty(response.ContentType) || !page.Exists
                || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                || context.Request.Path.StartsWithSegments("/" + apiPrefix, StringComparison.OrdinalIgnoreCase)) return;
            AddHeaders(response);
            response.ContentType = "text/html; charset=utf-8";
            response.ContentLength = page.Length;
            if (HttpMethods.IsHead(context.Request.Method)) return;
            await using var stream = page.CreateReadStream();
            await stream.CopyToAsync(response.Body, context.RequestAborted);
        });
    }

    private void AddHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.CacheControl = "no-cache";
        foreach (var (name, value) in GlobalHeaders) headers[name] = value;
        var path = response.HttpContext.Request.Path.Value ?? "";
        foreach (var (route, own) in RouteHeaders.Where(r => Matches(r.Route, path)))
        {
            foreach (var (name, value) in own) headers[name] = value;
        }
    }
}
