using ECarto.Exports;
using ECarto.Exports.Pdf;
using ECarto.Search;
using Microsoft.AspNetCore.Http;

namespace ECarto.Api;

/// <summary>
/// The exports: a school's or a territory's fiche as a PDF, made from the same answer as its page, once
/// per data version (then read from the export cache).
/// </summary>
public sealed class ExportHandlers(
    EstablishmentHandlers establishments,
    TerritoryHandlers territories,
    IndicatorHandlers indicators,
    SchoolIndexProvider indexes,
    ExportCache cache,
    TimeProvider time)
{
    public const string PdfType = "application/pdf";

    /// <summary>GET /api/etablissements/{uai}/fiche.pdf</summary>
    public async Task<IResult> SchoolFicheAsync(HttpRequest request, string? uai, CancellationToken cancellationToken)
    {
        var index = await indexes.GetAsync(cancellationToken);
        if (index.DataVersion is not { } version) return Problems.Loading();
        // A malformed UAI has no file name: the fiche handler answers its 400.
        var normalized = Establishments.Uai.Normalize(uai);
        var file = normalized is null ? null : new ExportFile($"etablissements/{normalized}.pdf", $"ecarto-etablissement-{normalized}.pdf");
        if (file is not null && await CachedAsync(request, version, file, cancellationToken) is { } cached) return cached;

        var result = await establishments.GetAsync(request, uai, cancellationToken);
        using var answer = await ApiAnswer.ReadAsync(result, request.HttpContext);
        if (!answer.IsOk || file is null) return result; // the page's own 400 or 404, never a broken file
        var root = answer.Body!.RootElement;
        return await StoreAsync(FicheFromApi.School(root, time.GetUtcNow()), VersionOf(root, version), file, cancellationToken);
    }

    /// <summary>GET /api/territoires/{niveau}/{code}/fiche.pdf</summary>
    public async Task<IResult> TerritoryFicheAsync(HttpRequest request, string? level, string? code, CancellationToken cancellationToken)
    {
        var index = await indexes.GetAsync(cancellationToken);
        if (index.DataVersion is not { } version) return Problems.Loading();
        var result = await territories.GetAsync(request, level, code, cancellationToken);
        // The territory handler validates level and code (and answers 304 itself for a fresh If-None-Match).
        using var answer = await ApiAnswer.ReadAsync(result, request.HttpContext);
        if (!answer.IsOk) return result;
        var root = answer.Body!.RootElement;
        var territory = root.GetProperty("territory");
        var (servedLevel, servedCode) = (territory.GetProperty("level").GetString()!, territory.GetProperty("code").GetString()!);
        var file = new ExportFile($"territoires/{servedLevel}/{servedCode}.pdf", $"ecarto-{servedLevel}-{servedCode}.pdf");
        if (await CachedAsync(request, VersionOf(root, version), file, cancellationToken) is { } cached) return cached;
        using var catalogue = await ApiAnswer.ReadAsync(await indicators.ListAsync(request, cancellationToken), request.HttpContext);
        if (!catalogue.IsOk) return Problems.Loading();
        return await StoreAsync(FicheFromApi.Territory(root, catalogue.Body!.RootElement, time.GetUtcNow()), VersionOf(root, version), file, cancellationToken);
    }

    /// <summary>Where a version's file is kept, and the name the reader's browser saves it under.</summary>
    private sealed record ExportFile(string Path, string DownloadName);

    private static string VersionOf(System.Text.Json.JsonElement root, string fallback) =>
        root.TryGetProperty("dataVersion", out var v) && v.GetString() is { } version ? version : fallback;

    private async Task<IResult?> CachedAsync(HttpRequest request, string version, ExportFile file, CancellationToken cancellationToken)
    {
        if (HttpCaching.IsFresh(request, version)) return HttpCaching.NotModified(version);
        var bytes = await cache.TryReadAsync(version, file.Path, cancellationToken);
        return bytes is null ? null : HttpCaching.Versioned(Results.File(bytes, PdfType, file.DownloadName), version);
    }

    private async Task<IResult> StoreAsync(FicheDocument fiche, string version, ExportFile file, CancellationToken cancellationToken)
    {
        var bytes = FichePdfRenderer.Render(fiche);
        await cache.WriteAsync(version, file.Path, bytes, PdfType, cancellationToken);
        return HttpCaching.Versioned(Results.File(bytes, PdfType, file.DownloadName), version);
    }
}
