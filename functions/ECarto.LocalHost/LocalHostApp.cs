using ECarto.Api;
using ECarto.Sources;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.FileProviders;

namespace ECarto.LocalHost;

/// <summary>
/// Builds the local host: the composition root of ECarto.Core, the API handlers under the Functions'
/// routes, static-site/, and the ingestion schedule.
/// </summary>
public static class LocalHostApp
{
    public static WebApplication Build(string[] args, Action<ConfigurationManager>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder.Configuration);
        var port = builder.Configuration.GetValue("LocalHost:Port", 7071);
        // Loopback only: the local host is never exposed to the network.
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddECarto(builder.Configuration);
        builder.Services.AddProblemDetails();
        // JSON, the site's text and problem bodies made per request in gzip (fastest level); PDF and xlsx are already
        // compressed. Not Brotli per request: its encoder sets up a 4 MB window for every answer, and at national size
        // the search « college » fell from 2,177 req/s (p99 40 ms) in gzip to 1,434 req/s (p99 167 ms) in Brotli
        // (README « Servir à l'échelle nationale »). The answers kept per version (territory fiches) are kept in Brotli
        // and sent as they are to a client that accepts it.
        builder.Services.AddResponseCompression(o =>
        {
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Append("application/problem+json");
            o.Providers.Add<GzipCompressionProvider>();
        });
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        builder.Services.AddApiProtection(builder.Configuration);
        if (builder.Configuration.GetValue("LocalHost:Schedule", true))
        {
            builder.Services.AddHostedService<IngestionScheduler>();
        }

        var app = builder.Build();
        app.UseResponseCompression();
        app.UseApiProtection();
        app.UseStatusCodePages();
        var site = StaticSiteFolder(builder.Configuration);
        var files = new PhysicalFileProvider(site);
        var siteConfig = StaticSiteConfig.Load(site);
        var siteFiles = siteConfig.FileOptions(files);
        siteConfig.UseNotFoundPage(app, files, ApiRoutes.Prefix);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(siteFiles);
        MapApi(app);
        // The site's deep links (/etablissement/0310036W, /territoire/departement/31) are pages of the
        // single index.html, as Static Web Apps' navigation fallback serves them; any other path stays a 404.
        foreach (var pattern in StaticSiteConfig.PagePatterns) app.MapFallbackToFile(pattern, "index.html", siteFiles);
        return app;
    }

    /// <summary>The same handlers as the Functions, under the same routes (checked against functions.metadata).</summary>
    public static void MapApi(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/" + ApiRoutes.Prefix);
        api.MapGet(ApiRoutes.Establishment,
            (HttpRequest request, string uai, EstablishmentHandlers handlers, CancellationToken cancellationToken) => handlers.GetAsync(request, uai, cancellationToken));
        api.MapGet(ApiRoutes.Establishments,
            (HttpRequest request, EstablishmentHandlers handlers, CancellationToken cancellationToken) => handlers.SearchAsync(request, cancellationToken));
        api.MapGet(ApiRoutes.NearbyEstablishments,
            (HttpRequest request, GeolocationHandlers handlers, CancellationToken cancellationToken) => handlers.NearbyAsync(request, cancellationToken));
        api.MapGet(ApiRoutes.Geocoding,
            (HttpRequest request, GeolocationHandlers handlers, CancellationToken cancellationToken) => handlers.GeocodeAsync(request, cancellationToken));
        api.MapGet(ApiRoutes.Suggestions,
            (HttpRequest request, SuggestionHandlers handlers, CancellationToken cancellationToken) => handlers.SuggestAsync(request, cancellationToken));
        api.MapGet(ApiRoutes.Indicators,
            (HttpRequest request, IndicatorHandlers handlers, CancellationToken cancellationToken) => handlers.ListAsync(request, cancellationToken));
        api.MapGet(ApiRoutes.Territory,
            (HttpRequest request, string niveau, string code, TerritoryHandlers handlers, CancellationToken cancellationToken) => handlers.GetAsync(request, niveau, code, cancellationToken));
        api.MapGet(ApiRoutes.Territories,
            (HttpRequest request, string niveau, TerritoryHandlers handlers, CancellationToken cancellationToken) => handlers.ListAsync(request, niveau, cancellationToken));
        api.MapGet(ApiRoutes.TerritorySchools,
            (HttpRequest request, string niveau, string code, TerritoryHandlers handlers, CancellationToken cancellationToken) => handlers.SchoolsAsync(request, niveau, code, cancellationToken));
        api.MapGet(ApiRoutes.EstablishmentFichePdf,
            (HttpRequest request, string uai, ExportHandlers handlers, CancellationToken cancellationToken) => handlers.SchoolFicheAsync(request, uai, cancellationToken));
        api.MapGet(ApiRoutes.TerritoryFichePdf,
            (HttpRequest request, string niveau, string code, ExportHandlers handlers, CancellationToken cancellationToken) => handlers.TerritoryFicheAsync(request, niveau, code, cancellationToken));
        api.MapGet(ApiRoutes.EstablishmentsXlsx,
            (HttpRequest request, SpreadsheetExportHandlers handlers, CancellationToken cancellationToken) => handlers.SelectionAsync(request, cancellationToken));
        api.MapGet(ApiRoutes.TerritoryXlsx,
            (HttpRequest request, string niveau, string code, SpreadsheetExportHandlers handlers, CancellationToken cancellationToken) => handlers.TerritoryAsync(request, niveau, code, cancellationToken));
        api.MapGet(ApiRoutes.IngestionRuns,
            (HttpRequest request, IngestionAdminHandlers handlers, CancellationToken cancellationToken) => handlers.ListRunsAsync(request.Query, cancellationToken));
        api.MapGet(ApiRoutes.OpenApi, (HttpRequest request) => OpenApiDocument.Get(request));
    }

    private static string StaticSiteFolder(IConfiguration configuration)
    {
        var configured = configuration["LocalHost:StaticSite"];
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
        var root = RepositoryLayout.FindRoot() ?? throw new DirectoryNotFoundException("Dépôt introuvable : donnez LocalHost:StaticSite.");
        return Path.Combine(root, "static-site");
    }
}
