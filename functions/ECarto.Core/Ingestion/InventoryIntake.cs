using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ECarto.Sources;
using ECarto.Sources.Inventaire;
using ECarto.Storage;
using Microsoft.Extensions.Logging;

namespace ECarto.Ingestion;

/// <summary>
/// What one pass over the deposit container did; the inventaire's run record carries it. FilesRead: files
/// downloaded (new or changed ETag); the row counts are those of the files validated (new content).
/// </summary>
public sealed record IntakeResult(int Files, int FilesRead, int FilesRefused, int RowsAccepted, int RowsRejected, int RowsInForce, bool Changed)
{
    public static readonly IntakeResult None = new(0, 0, 0, 0, 0, 0, false);

    /// <summary>In French, for the run record.</summary>
    public string Summary =>
        $"dépôts ({StorageNames.InventoriesContainer}) : {Files} fichier(s), {FilesRead} lu(s) par cette exécution" +
        (FilesRefused > 0 ? $" dont {FilesRefused} refusé(s)" : "") +
        $", {RowsAccepted} ligne(s) acceptée(s) et {RowsRejected} rejetée(s) ; {RowsInForce} ligne(s) déposée(s) en vigueur" +
        (Changed ? "" : " (inchangées)") +
        $" ; rapports dans {StorageNames.InventoriesContainer}/{StorageNames.InventoryReportsFolder}";
}

/// <summary>
/// The inventaire numérique's intake: collectivités and académies drop CSV files (schema
/// <c>schemas/inventaire-numerique</c>) into the <c>inventaires</c> container, with their Entra role on that
/// container. Each pass lists the container; a file new or changed since the last pass (name and ETag, then
/// SHA-256) is read and validated row by row, and gets a report <c>rapports/{file}.rapport.csv</c> beside the
/// deposits (accepted rows, rejected rows with their line and reason; a file that cannot be read at all
/// says why and loses nothing else). An unchanged file is not read again. The valid rows of every deposited
/// file are staged together as the pseudo-source <see cref="StateId"/>; the composition lets them replace
/// the demonstration for the schools they cover (<see cref="InventaireCoverage"/>). An empty container
/// costs one listing and, when nothing was ever deposited, nothing else.
/// </summary>
public sealed class InventoryIntake(ECartoStorage storage, StagedData staged, SourceStates states, RunLog runs, ILogger<InventoryIntake> logger)
{
    /// <summary>The state (versions table, partition « sources ») and staged rows of the deposits.</summary>
    public const string StateId = "inventaire-depots";

    /// <summary>Per deposited file: what the last pass found, so an unchanged one is not read again.</summary>
    public static string ManifestBlob => $"staged/{StateId}/fichiers.json";

    public static string ReportName(string deposit) => $"{StorageNames.InventoryReportsFolder}{deposit}.rapport.csv";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>One deposited file as last checked.</summary>
    public sealed record DepositedFile(
        string Name, string ETag, string Sha256, bool Refused, int Read, int Accepted, int Rejected, string? StagedBlob, string Report, DateTimeOffset CheckedAt);

    /// <summary>
    /// Takes the deposits after a run of the inventaire, and records what it took in that run's record
    /// (counts and note). A failure of the intake fails the run; the deposits' last good rows stay staged.
    /// </summary>
    public async Task<IngestionRun> RunAsync(IngestionRun run, CancellationToken cancellationToken = default)
    {
        IntakeResult result;
        try
        {
            result = await TakeAsync(run.RunId, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(error, "Dépôts d'inventaires : échec ({Reason}) ; les lignes déposées déjà prises restent en vigueur", error.Message);
            var failed = run with
            {
                Status = RunStatus.Failed, EndedAt = DateTimeOffset.UtcNow,
                Error = Join(run.Error, $"dépôts d'inventaires ({StorageNames.InventoriesContainer}) : {error.Message}"),
            };
            await runs.RecordAsync(failed, CancellationToken.None);
            return failed;
        }
        if (result == IntakeResult.None) return run;
        var taken = run with
        {
            Status = run.Status == RunStatus.Skipped && result.Changed ? RunStatus.Succeeded : run.Status,
            EndedAt = DateTimeOffset.UtcNow,
            Note = Join(run.Note, result.Summary),
            DepositedFiles = result.Files,
            DepositedFilesRead = result.FilesRead,
            DepositedRowsAccepted = result.RowsAccepted,
            DepositedRowsRejected = result.RowsRejected,
        };
        await runs.RecordAsync(taken, cancellationToken);
        logger.LogInformation("{Source} : {Summary}", run.Source, result.Summary);
        return taken;
    }

    /// <summary>One pass over the deposit container; stages the deposits' rows anew when they changed.</summary>
    public async Task<IntakeResult> TakeAsync(string runId, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(StorageNames.InventoriesContainer, cancellationToken);
        var deposits = new List<BlobItem>();
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (!blob.Name.StartsWith(StorageNames.InventoryReportsFolder, StringComparison.Ordinal)) deposits.Add(blob);
        }
        var state = await states.GetAsync(StateId, cancellationToken);
        if (deposits.Count == 0 && state is null) return IntakeResult.None;

        var snapshots = await storage.ContainerAsync(StorageNames.SnapshotsContainer, cancellationToken);
        var manifest = state is null ? [] : await ReadManifestAsync(snapshots.GetBlobClient(ManifestBlob), cancellationToken);
        var known = manifest.ToDictionary(f => f.Name, StringComparer.Ordinal);

        var files = new List<DepositedFile>();
        int read = 0, refused = 0, accepted = 0, rejected = 0;
        foreach (var deposit in deposits.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var etag = deposit.Properties.ETag?.ToString() ?? "";
            var previous = known.GetValueOrDefault(deposit.Name);
            if (previous is not null && previous.ETag == etag)
            {
                files.Add(previous);
                continue;
            }
            var (file, validated) = await CheckAsync(container, deposit.Name, etag, previous, cancellationToken);
            read++;
            if (validated)
            {
                if (file.Refused) refused++;
                accepted += file.Accepted;
                rejected += file.Rejected;
            }
            files.Add(file);
        }
        // A file taken away takes its rows and its report with it.
        foreach (var gone in manifest.Where(f => deposits.All(d => d.Name != f.Name)))
        {
            await container.GetBlobClient(gone.Report).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            logger.LogInformation("Dépôt retiré : {File} ; ses lignes ne comptent plus", gone.Name);
        }

        var hash = Sha256Hex(string.Join('\n', files.Select(f => $"{f.Name}\t{f.Sha256}")));
        var changed = state?.Hash != hash;
        var inForce = files.Sum(f => f.Accepted);
        if (changed)
        {
            var combined = StagedData.BlobName(StateId, hash);
            var rows = new List<InventaireRecord>();
            foreach (var file in files.Where(f => f.StagedBlob is not null))
            {
                await foreach (var row in staged.ReadAsync<InventaireRecord>(file.StagedBlob!, cancellationToken)) rows.Add(row);
            }
            var count = await staged.WriteAsync(combined, rows, cancellationToken);
            await states.SaveAsync(new SourceState(StateId, hash, null, null, $"{container.Name}/", combined,
                DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), runId, count), cancellationToken);
            inForce = count;
        }
        if (changed || files.Count != manifest.Count || files.Zip(manifest).Any(p => p.First != p.Second))
        {
            await snapshots.GetBlobClient(ManifestBlob).UploadAsync(BinaryData.FromObjectAsJson(files, Json), overwrite: true, cancellationToken);
        }
        return new IntakeResult(files.Count, read, refused, accepted, rejected, inForce, changed);
    }

    /// <summary>
    /// A file new or changed (by its ETag): downloaded while hashed; same content as before keeps the previous
    /// result (Validated = false); else validated, staged and reported.
    /// </summary>
    private async Task<(DepositedFile File, bool Validated)> CheckAsync(
        BlobContainerClient container, string name, string etag, DepositedFile? previous, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ecarto-depot-{Guid.NewGuid():N}.csv");
        try
        {
            await container.GetBlobClient(name).DownloadToAsync(path, cancellationToken);
            string sha256;
            await using (var stream = File.OpenRead(path))
            {
                sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            }
            if (previous is not null && previous.Sha256 == sha256) return (previous with { ETag = etag }, false);

            var (records, lines, failure) = await ValidateAsync(name, path, cancellationToken);
            string? stagedBlob = null;
            if (records.Count > 0)
            {
                stagedBlob = $"staged/{StateId}/fichiers/{sha256}.jsonl.gz";
                await staged.WriteAsync(stagedBlob, records, cancellationToken);
            }
            var file = new DepositedFile(name, etag, sha256, failure is not null, lines.Count, records.Count,
                lines.Count(l => !l.Accepted), stagedBlob, ReportName(name), DateTimeOffset.UtcNow);
            await WriteReportAsync(container, file, lines, failure, cancellationToken);
            logger.LogInformation("Dépôt {File} : {Accepted} ligne(s) acceptée(s), {Rejected} rejetée(s){Failure}",
                name, file.Accepted, file.Rejected, failure is null ? "" : $", fichier refusé : {failure}");
            return (file, true);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed record ReportLine(int Line, string? Uai, bool Accepted, string? Reason);

    /// <summary>Every row checked against the schema; a file that cannot be read at all gives its reason instead.</summary>
    private static async Task<(List<InventaireRecord> Records, List<ReportLine> Lines, string? Failure)> ValidateAsync(
        string name, string path, CancellationToken cancellationToken)
    {
        var records = new List<InventaireRecord>();
        var lines = new List<ReportLine>();
        if (!name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return (records, lines, "seuls les fichiers CSV (extension .csv) au format du schéma inventaire-numerique sont lus");
        }
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            using var reader = await SourceText.OpenAsync(stream, cancellationToken);
            var schema = InventaireSchema.Current;
            var validator = new InventaireValidator(schema);
            await foreach (var row in DelimitedTable.ReadAsync(reader, InventaireReader.ColumnsOf(schema), cancellationToken))
            {
                var result = validator.Validate(row);
                lines.Add(new ReportLine(result.Line, row["uai"], result.IsAccepted, result.Rejection));
                if (result.Value is { } record) records.Add(record);
            }
        }
        catch (SourceFormatException error)
        {
            // Nothing of a file that cannot be read is taken, not even the rows read before the failure.
            return ([], [], error.Message);
        }
        return (records, lines, lines.Count == 0 ? "aucune ligne de données après l'en-tête" : null);
    }

    /// <summary>
    /// <c>rapports/{file}.rapport.csv</c> beside the deposits (UTF-8 with BOM, `;`, for a spreadsheet): a
    /// summary line, then every data line of the file with its result; the counts are also in its metadata.
    /// </summary>
    private static async Task WriteReportAsync(BlobContainerClient container, DepositedFile file, IReadOnlyList<ReportLine> lines, string? failure, CancellationToken cancellationToken)
    {
        var text = new StringBuilder("\uFEFFligne;uai;statut;motif\n");
        var summary = failure is null
            ? $"{file.Read} ligne(s) lue(s) : {file.Accepted} acceptée(s), {file.Rejected} rejetée(s)"
            : "fichier refusé, aucune ligne prise";
        Append(text, null, null, "bilan",
            $"{file.Name} (sha256 {file.Sha256[..12]}…), vérifié le {file.CheckedAt:yyyy-MM-dd HH:mm} UTC : {summary}");
        if (failure is not null) Append(text, 1, null, "fichier refusé", failure);
        foreach (var line in lines) Append(text, line.Line, line.Uai, line.Accepted ? "acceptée" : "rejetée", line.Reason);
        var blob = container.GetBlobClient(file.Report);
        await blob.UploadAsync(BinaryData.FromString(text.ToString()), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv; charset=utf-8" },
            Metadata = new Dictionary<string, string>
            {
                ["statut"] = failure is null ? "accepte" : "refuse",
                ["lues"] = file.Read.ToString(CultureInfo.InvariantCulture),
                ["acceptees"] = file.Accepted.ToString(CultureInfo.InvariantCulture),
                ["rejetees"] = file.Rejected.ToString(CultureInfo.InvariantCulture),
                ["sha256"] = file.Sha256,
            },
        }, cancellationToken);
    }

    private static void Append(StringBuilder text, int? line, string? uai, string status, string? reason) =>
        text.Append(line?.ToString(CultureInfo.InvariantCulture)).Append(';')
            .Append(Quote(uai)).Append(';').Append(status).Append(';').Append(Quote(reason)).Append('\n');

    /// <summary>Quoted for CSV, and a leading =, +, - or @ neutralised for spreadsheets.</summary>
    private static string Quote(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static async Task<List<DepositedFile>> ReadManifestAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        if (!await blob.ExistsAsync(cancellationToken)) return [];
        var content = await blob.DownloadContentAsync(cancellationToken);
        return content.Value.Content.ToObjectFromJson<List<DepositedFile>>(Json) ?? [];
    }

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Join(string? first, string second) => string.IsNullOrEmpty(first) ? second : $"{first} ; {second}";
}
