using System.Text.Json;
using ECarto.Exports;
using ECarto.Exports.Spreadsheets;
using ECarto.Search;
using ECarto.Territories;
using Microsoft.AspNetCore.Http;

namespace ECarto.Api;

/// <summary>
/// The Excel exports: the schools of a search selection, and a territory's figures with its schools.
/// Both are written row by row straight into the response (never built in memory), after the same
/// validation as their pages: a bad request gets the page's 400 or 404, never a broken file.
/// </summary>
public sealed class SpreadsheetExportHandlers(
    SearchSelection selection,
    ExportSchools schools,
    TerritoryHandlers territories,
    IndicatorHandlers indicators,
    SchoolIndexProvider indexes,
    TerritoryDirectoryProvider directories,
    TimeProvider time)
{
    /// <summary>GET /api/exports/etablissements.xlsx?q=&amp;type=&amp;etat= — the search's selection, every result.</summary>
    public async Task<IResult> SelectionAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (selected, problem) = await selection.ResolveAsync(request, cancellationToken);
        if (selected is null) return problem!;
        var version = selected.DataVersion;
        if (HttpCaching.IsFresh(request, version)) return HttpCaching.NotModified(version);
        if (await CatalogueAsync(request, cancellationToken) is not { } catalogue) return Problems.Loading();
        var rows = await schools.ReadAsync(version, selected.Schools, cancellationToken);
        var about = new ExportAbout("Établissements de l'observatoire eCarto", selected.Description, version, time.GetUtcNow());
        return File(about, rows, catalogue, null, $"ecarto-etablissements-{selected.FileNamePart}.xlsx", version, cancellationToken);
    }

    /// <summary>GET /api/territoires/{niveau}/{code}/export.xlsx — the territory's figures, breakdowns and comparison, and its schools.</summary>
    public async Task<IResult> TerritoryAsync(HttpRequest request, string? level, string? code, CancellationToken cancellationToken)
    {
        // The territory handler validates level and code, answers 404 and 304: its answer is the sheet's source.
        var result = await territories.GetAsync(request, level, code, cancellationToken);
        var answer = await ApiAnswer.ReadAsync(result, request.HttpContext);
        try
        {
            if (!answer.IsOk) return result;
            // The answer's pooled buffers are handed to the workbook, which returns them once written.
            var file = await TerritoryFileAsync(request, answer, cancellationToken);
            if (file is not null) answer = null;
            return file ?? Problems.Loading();
        }
        finally
        {
            answer?.Dispose();
        }
    }

    /// <summary>The territory's workbook from its fiche's answer (kept until the workbook is written), or null while no version is served.</summary>
    private async Task<IResult?> TerritoryFileAsync(HttpRequest request, ApiAnswer answer, CancellationToken cancellationToken)
    {
        var fiche = answer.Body!.RootElement;
        var index = await indexes.GetAsync(cancellationToken);
        if (index.DataVersion is not { } version) return null;
        var territory = fiche.GetProperty("territory");
        var (servedLevel, servedCode) = (territory.GetProperty("level").GetString()!, territory.GetProperty("code").GetString()!);
        if (await CatalogueAsync(request, cancellationToken) is not { } catalogue) return null;
        var directory = await directories.GetAsync(version, cancellationToken);
        var communes = servedLevel == TerritoryLevel.France
            ? directory.OfLevel(TerritoryLevel.Commune).Select(c => c.Code).ToHashSet(StringComparer.Ordinal)
            : directory.CommunesOf(servedLevel, servedCode);
        var listed = index.InCommunes(communes, null, null, 1, int.MaxValue).Results;
        var rows = await schools.ReadAsync(version, listed, cancellationToken);
        var name = territory.GetProperty("name").GetString();
        var about = new ExportAbout($"{name} — observatoire eCarto", [
            ("Territoire", servedLevel == TerritoryLevel.France ? "France" : $"{name} ({servedLevel} {servedCode})"),
            ("Établissements listés", "les écoles, collèges, lycées et EREA ouverts du territoire, comptés dans ses chiffres"),
        ], version, time.GetUtcNow());
        var file = servedLevel == TerritoryLevel.France ? "ecarto-france.xlsx" : $"ecarto-{servedLevel}-{SpreadsheetText.FileNamePart(servedCode)}.xlsx";
        return File(about, rows, catalogue, fiche, file, version, cancellationToken, answer);
    }

    /// <summary>The catalogue of the version served, as <c>/api/indicateurs</c> answers it: read once per version, then kept.</summary>
    private volatile KeptCatalogue? _catalogue;

    private sealed record KeptCatalogue(string Version, JsonElement Catalogue);

    /// <summary>The catalogue as <c>/api/indicateurs</c> answers it (a copy that outlives the request's handler), or null while no version is served.</summary>
    private async Task<JsonElement?> CatalogueAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var plain = new DefaultHttpContext { RequestServices = request.HttpContext.RequestServices };
        var version = (await indexes.GetAsync(cancellationToken)).DataVersion;
        if (version is not null && _catalogue is { } kept && kept.Version == version) return kept.Catalogue;
        using var answer = await ApiAnswer.ReadAsync(await indicators.ListAsync(plain.Request, cancellationToken), request.HttpContext);
        if (!answer.IsOk) return null;
        var catalogue = answer.Body!.RootElement.Clone();
        // Kept under the version the answer names, so that a catalogue of a newer version is never kept as an older one's.
        if (catalogue.TryGetProperty("dataVersion", out var named) && named.GetString() is { } answered) _catalogue = new KeptCatalogue(answered, catalogue);
        return catalogue;
    }

    /// <summary>The workbook, written into the response as it is made, with the version's ETag; <paramref name="owned"/> is disposed once it is written.</summary>
    private static IResult File(ExportAbout about, IEnumerable<SchoolRow> rows, JsonElement catalogue, JsonElement? territory, string downloadName, string version, CancellationToken cancellationToken, IDisposable? owned = null) =>
        HttpCaching.Versioned(Results.Stream(
            async stream =>
            {
                using (owned) await SchoolsExport.WriteAsync(stream, about, rows, catalogue, territory, cancellationToken);
            },
            SpreadsheetWorkbook.ContentType, downloadName), version);
}
