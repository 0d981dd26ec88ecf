using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using ECarto.Ingestion;
using ECarto.Sources;
using ECarto.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ECarto.Benchmarks;

/// <summary>A source's accepted rows as the naive ingestion writes them: one entity per row.</summary>
public sealed record SourceRows(string Source, string Table, PhaseCost Read, IReadOnlyList<TableEntity> Entities);

/// <summary>
/// The baseline the issue asks for, « the same load through a one-upsert-per-entity » ingestion: every source
/// read by the same parser, every accepted row upserted as its own entity, then the same composition and
/// every published entity upserted on its own. Only the reads are timed here; the writes are timed by
/// <see cref="VersionTables.WriteOneByOneAsync"/>, with the published entities.
/// </summary>
public static class RowByRowIngestion
{
    /// <summary>
    /// Each source parsed again from its file (timed, with the generation of its demonstration file when
    /// its run generates one), and its accepted rows turned into entities (not timed: the rows are staged
    /// into <paramref name="scratch"/> and read back, which the naive ingestion would not have to do).
    /// A source that cannot be read is left out, and said by <paramref name="say"/>.
    /// </summary>
    public static async Task<List<SourceRows>> ReadAsync(ResourceMeter meter, ECartoStorage scratch, IEnumerable<IngestionJob> jobs, SourceLocations locations, Action<string> say, CancellationToken cancellationToken)
    {
        var staged = new StagedData(scratch);
        var result = new List<SourceRows>();
        foreach (var job in jobs)
        {
            try
            {
                result.Add(await ReadAsync(meter, staged, job, locations, cancellationToken) ?? throw new FileNotFoundException("fichier absent"));
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                say($"  {job.Source.Id} : ✗ hors de la référence ({error.Message})");
            }
        }
        return result;
    }

    private static async Task<SourceRows?> ReadAsync(ResourceMeter meter, StagedData staged, IngestionJob job, SourceLocations locations, CancellationToken cancellationToken)
    {
        using var file = await SourceFile.OpenAsync(meter, job, locations, cancellationToken);
        if (file is null) return null;
        var (parsed, cost) = await meter.MeasureAsync(() => file.ParseAsync(job, new IngestionProgress(NullLogger.Instance, job.Source.Id, "lecture"), cancellationToken));
        var blob = StagedData.BlobName(job.Source.Id, "row-by-row");
        await parsed.StageAsync(staged, blob, cancellationToken);
        var entities = new List<TableEntity>(parsed.Accepted);
        await foreach (var row in staged.ReadAsync<JsonObject>(blob, cancellationToken))
        {
            entities.Add(ToEntity(job.Source.Id, entities.Count, row));
        }
        var read = file.Generation is { } generation ? cost with { Wall = cost.Wall + generation.Wall, OwnCpu = cost.OwnCpu + generation.OwnCpu } : cost;
        return new SourceRows(job.Source.Id, "rows" + job.Source.Id.Replace("-", "", StringComparison.Ordinal), read, entities);
    }

    /// <summary>A staged row as an entity: its scalar fields as properties, its lists and objects as JSON, as the publish stores them.</summary>
    public static TableEntity ToEntity(string source, int index, JsonObject row)
    {
        var entity = new TableEntity(source, index.ToString("D7", CultureInfo.InvariantCulture));
        foreach (var (name, node) in row)
        {
            object? value = node switch
            {
                null => null,
                JsonValue v when v.TryGetValue<string>(out var text) => text,
                JsonValue v when v.TryGetValue<bool>(out var flag) => flag,
                JsonValue v when v.TryGetValue<int>(out var small) => small,
                JsonValue v when v.TryGetValue<long>(out var large) => large,
                JsonValue v when v.TryGetValue<double>(out var real) => real,
                _ => node.ToJsonString(),
            };
            if (value is not null) entity[name] = value;
        }
        return entity;
    }
}
