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
    public static readonly IReadOnlyList<string> PagePatterns = ["/etablissement/{**rest}", "/territoire/{**rest}", "/territoires/{**rest}", "/carte"];

    public IReadOnlyDictionary<string, string> GlobalHeaders { get; }

    private StaticSiteConfig(IReadOnlyDictionary<string, string> globalHeaders) => GlobalHeaders = globalHeaders;

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
        return new StaticSiteConfig(headers);
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
        },
    };
}
