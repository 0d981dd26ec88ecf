using Azure.Data.Tables;
using ECarto.Ingestion;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace ECarto.Api;

/// <summary>
/// The ingestion admin endpoint: recent runs of every source, source states and the served version.
/// Closed unless <c>ECARTO_ADMIN_ENABLED=true</c>.
/// </summary>
public sealed class IngestionAdminHandlers(RunLog runs, SourceStates states, DataVersions versions, IConfiguration configuration)
{
    public const string EnabledSetting = "ECARTO_ADMIN_ENABLED";

    /// <summary>GET /api/ingestion/executions?source=&amp;count=</summary>
    public async Task<IResult> ListRunsAsync(IQueryCollection query, CancellationToken cancellationToken)
    {
        if (!configuration.GetValue(EnabledSetting, false))
        {
            return Problems.NotFound($"Le point d'administration est fermé. Pour l'ouvrir : {EnabledSetting}=true.");
        }
        var source = query["source"].ToString().Trim();
        var known = Sources.SourceCatalog.All.Select(s => s.Id).Append(Publisher.RunName).ToList();
        if (source.Length > 0 && !known.Contains(source, StringComparer.Ordinal))
        {
            return Problems.BadRequest("source",
                $"Source « {(source.Length > 40 ? source[..40] + "…" : source)} » inconnue. Valeurs possibles : {string.Join(", ", known)}.");
        }
        var countText = query["count"].ToString();
        var count = 50;
        if (countText.Length > 0 && (!int.TryParse(countText, out count) || count is < 1 or > 500))
        {
            return Problems.BadRequest("count", $"« count » doit être un entier entre 1 et 500 (reçu « {countText} »).");
        }
        var recent = await runs.RecentAsync(source.Length == 0 ? null : source, count, cancellationToken);
        var served = await versions.ServedAsync(cancellationToken);
        return Results.Json(new
        {
            current = served.Current,
            previous = served.Previous,
            // A pinned version (lasting rollback) is not switched away from by the runs.
            pinned = served.Pinned,
            sources = await states.AllAsync(cancellationToken),
            runs = recent.Select(ToRun),
        });
    }

    private static object ToRun(TableEntity e) => new
    {
        source = e.PartitionKey,
        runId = e.RowKey,
        status = e.GetString("Status"),
        startedAt = e.GetDateTimeOffset("StartedAt"),
        endedAt = e.GetDateTimeOffset("EndedAt"),
        read = e.GetInt32("Read"),
        accepted = e.GetInt32("Accepted"),
        rejected = e.GetInt32("Rejected"),
        written = e.GetInt32("Written"),
        durationSeconds = e.GetDouble("DurationSeconds"),
        sourceDate = e.GetString("SourceDate"),
        sourceLocation = e.GetString("SourceLocation"),
        resolvedBy = e.GetString("ResolvedBy"),
        publishedAt = e.GetDateTimeOffset("PublishedAt"),
        hash = e.GetString("Hash"),
        rawBlob = e.GetString("RawBlob"),
        rejectReport = e.GetString("RejectReport"),
        note = e.GetString("Note"),
        depositedFiles = e.GetInt32("DepositedFiles"),
        depositedFilesRead = e.GetInt32("DepositedFilesRead"),
        depositedRowsAccepted = e.GetInt32("DepositedRowsAccepted"),
        depositedRowsRejected = e.GetInt32("DepositedRowsRejected"),
        error = e.GetString("Error"),
    };
}
