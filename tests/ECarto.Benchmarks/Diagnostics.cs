using System.Text;
using Azure.Data.Tables;
using ECarto.Ingestion;
using ECarto.Sources;
using ECarto.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ECarto.Benchmarks;

/// <summary>Measurements that say where the time goes (printed with --diagnostics, except the entity profile).</summary>
public static class Diagnostics
{
    /// <summary>Per table: entities, partitions, transactions of 100, properties and approximate payload per entity.</summary>
    public static string Profile(IEnumerable<VersionTable> tables)
    {
        var table = new TextTable("table", "entités", "partitions", "lots de 100", "propriétés/entité", "octets/entité (≈)", "plus grande partition");
        foreach (var t in tables)
        {
            var partitions = t.Entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal).Select(g => (g.Key, Count: g.Count())).ToList();
            var batches = partitions.Sum(p => (p.Count + TableBatchWriter.MaxBatchSize - 1) / TableBatchWriter.MaxBatchSize);
            var largest = partitions.MaxBy(p => p.Count);
            table.Add(t.Name, Fr.N(t.Entities.Count), Fr.N(partitions.Count), Fr.N(batches),
                Fr.N(t.Entities.Average(e => e.Count - 2.0), 1), Fr.N(t.Entities.Average(PayloadBytes), 0), $"{largest.Key} ({Fr.N(largest.Count)})");
        }
        return table.ToString();
    }

    /// <summary>The heaviest properties of a table's entities, by average size.</summary>
    public static string HeaviestProperties(VersionTable table, int count = 6)
    {
        var sizes = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entity in table.Entities)
        {
            foreach (var (key, value) in entity)
            {
                sizes[key] = sizes.GetValueOrDefault(key) + key.Length + (value is string s ? Encoding.UTF8.GetByteCount(s) : value is null ? 0 : 8);
            }
        }
        var total = sizes.Values.Sum();
        return string.Join(", ", sizes.OrderByDescending(p => p.Value).Take(count)
            .Select(p => $"{p.Key} {Fr.N(p.Value / table.Entities.Count, 0)} o ({Fr.N(100 * p.Value / total, 0)} %)"));
    }

    /// <summary>An entity's size as the service sees it, roughly: names and values, strings in UTF-8.</summary>
    public static double PayloadBytes(TableEntity entity)
    {
        double bytes = 0;
        foreach (var (key, value) in entity)
        {
            bytes += key.Length + value switch
            {
                null => 0,
                string s => Encoding.UTF8.GetByteCount(s),
                bool => 1,
                _ => 8,
            };
        }
        return bytes;
    }

    /// <summary>The batched writer at several degrees of parallelism, table by table, into fresh tables each time.</summary>
    public static async Task<string> ParallelismAsync(ResourceMeter meter, Func<string, ECartoStorage> newStorage, List<VersionTable> tables, CancellationToken ct)
    {
        var header = new List<string> { "parallélisme" };
        header.AddRange(tables.Select(t => $"{Short(t.Name)} (s)"));
        header.AddRange(["total (s)", "entités/s", "CPU banc (s)", "CPU Azurite (s)"]);
        var result = new TextTable([.. header]);
        foreach (var parallelism in new[] { 1, 2, 4, 8, 16, 32 })
        {
            var storage = newStorage($"benchp{parallelism}");
            var cells = new List<string> { parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var (perTable, cost) = await meter.MeasureAsync(async () =>
            {
                var seconds = new List<double>();
                foreach (var t in tables)
                {
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    await VersionTables.WriteBatchedAsync(storage, [t], parallelism, ct);
                    seconds.Add(clock.Elapsed.TotalSeconds);
                }
                return seconds;
            });
            cells.AddRange(perTable.Select(s => Fr.N(s, 2)));
            cells.AddRange([Fr.N(cost.Seconds, 2), Fr.Rate(tables.Sum(t => t.Entities.Count), cost.Seconds), Fr.N(cost.OwnCpu.TotalSeconds), Cpu(cost.AzuriteCpu)]);
            result.Add([.. cells]);
            await storage.DeleteAllAsync(ct);
        }
        return result.ToString();
    }

    /// <summary>Upserts (what TableBatchWriter sends) against inserts, into fresh tables: Azurite looks an upserted entity up first.</summary>
    public static async Task<string> InsertVersusUpsertAsync(ResourceMeter meter, Func<string, ECartoStorage> newStorage, List<VersionTable> tables, CancellationToken ct)
    {
        var result = new TextTable("action des lots (8 en parallèle)", "secondes", "entités/s", "CPU banc (s)", "CPU Azurite (s)");
        foreach (var action in new[] { TableTransactionActionType.UpsertReplace, TableTransactionActionType.Add })
        {
            var storage = newStorage("bencha");
            var (n, cost) = await meter.MeasureAsync(() => VersionTables.WriteBatchedAsync(storage, tables, 8, action, ct));
            result.Add(action.ToString(), Fr.N(cost.Seconds, 2), Fr.Rate(n, cost.Seconds), Fr.N(cost.OwnCpu.TotalSeconds), Cpu(cost.AzuriteCpu));
            await storage.DeleteAllAsync(ct);
        }
        return result.ToString();
    }

    /// <summary>
    /// The school entities as published, without any JSON column, and reduced to their keys and 50 bytes:
    /// batched (8 in parallel) and one by one (a deterministic sample), to see how much of each path's cost
    /// is the entities' size.
    /// </summary>
    public static async Task<string> EntitySizeAsync(ResourceMeter meter, Func<string, ECartoStorage> newStorage, VersionTable schools, CancellationToken ct)
    {
        static List<TableEntity> Without(IEnumerable<TableEntity> entities, Func<string, bool> drop) => entities.Select(e =>
        {
            var copy = new TableEntity(e.PartitionKey, e.RowKey);
            foreach (var (key, value) in e)
            {
                if (!drop(key)) copy[key] = value;
            }
            return copy;
        }).ToList();
        var variants = new (string Label, IReadOnlyList<TableEntity> Entities)[]
        {
            ("complètes", schools.Entities),
            ("sans aucune colonne *Json", Without(schools.Entities, k => k.EndsWith("Json", StringComparison.Ordinal))),
            // The floor: what a batch saves on an entity that is nothing but its keys and 50 bytes.
            ("clés et 50 octets", schools.Entities.Select(e => new TableEntity(e.PartitionKey, e.RowKey) { ["Value"] = new string('x', 50) }).ToList()),
        };
        const int SampleSize = 3000;
        var step = Math.Max(1, schools.Entities.Count / SampleSize);
        var result = new TextTable("entités des établissements", "octets/entité (≈)", "par lots (s)", "entités/s", "CPU Azurite (s)", "un par un (ms/entité)", "rapport un par un / lots");
        foreach (var (label, entities) in variants)
        {
            var storage = newStorage("benchs");
            var (n, cost) = await meter.MeasureAsync(() => VersionTables.WriteBatchedAsync(storage, [new VersionTable(schools.Name, entities)], 8, ct));
            await storage.DeleteAllAsync(ct);
            var sample = entities.Where((_, i) => i % step == 0).Select(e => (schools.Name, e)).ToList();
            var (written, elapsed) = await VersionTables.WriteOneByOneAsync(storage, sample, ct);
            await storage.DeleteAllAsync(ct);
            var perEntity = elapsed.TotalSeconds / written;
            result.Add(label, Fr.N(entities.Average(PayloadBytes), 0), Fr.N(cost.Seconds, 2), Fr.Rate(n, cost.Seconds), Cpu(cost.AzuriteCpu),
                Fr.N(1000 * perEntity, 3), Fr.N(perEntity * n / cost.Seconds) + " ×");
        }
        return result.ToString();
    }

    /// <summary>
    /// Each source's parse alone, from its file, without storage; then its staging alone (gzipped JSON lines
    /// into a scratch container), and the upload of its raw file alone. The rest of a run: hashing, the
    /// existence check of the archive, the reject report, the run and state records.
    /// The inventaire's demonstration file is generated first, as its run does.
    /// </summary>
    public static async Task<string> ParseAloneAsync(ResourceMeter meter, Func<string, ECartoStorage> newStorage, IngestionJobs jobs, SourceLocations locations, IReadOnlyDictionary<string, PhaseCost> runs, CancellationToken ct)
    {
        var result = new TextTable("source", "lignes", "exécution (s)", "génération démo (s)", "lecture seule (s)", "lecture/s", "alloué lecture", "mise en attente seule (s)", "archive brute seule (s)", "reste (s)");
        var scratch = newStorage("benchg");
        var staged = new StagedData(scratch);
        foreach (var job in jobs.All)
        {
            if (!runs.TryGetValue(job.Source.Id, out var run)) continue;
            try
            {
                using var file = await SourceFile.OpenAsync(meter, job, locations, ct);
                if (file is null)
                {
                    result.Add(job.Source.Id, "—", Fr.N(run.Seconds, 2), "", "fichier absent", "", "", "", "", "");
                    continue;
                }
                var generation = file.Generation;
                var (parsed, cost) = await meter.MeasureAsync(() => file.ParseAsync(job, new IngestionProgress(NullLogger.Instance, job.Source.Id, "lecture"), ct));
                var (_, stageCost) = await meter.MeasureAsync(() => parsed.StageAsync(staged, StagedData.BlobName(job.Source.Id, "benchmark"), ct));
                var (_, archiveCost) = await meter.MeasureAsync(async () =>
                {
                    var container = await scratch.ContainerAsync(StorageNames.RawContainer, ct);
                    await using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
                    return await container.GetBlobClient($"{job.Source.Id}/benchmark").UploadAsync(stream, overwrite: true, ct);
                });
                var rest = run.Seconds - cost.Seconds - stageCost.Seconds - archiveCost.Seconds - (generation?.Seconds ?? 0);
                result.Add(job.Source.Id, Fr.N(parsed.Read), Fr.N(run.Seconds, 2), generation is null ? "" : Fr.N(generation.Seconds, 2),
                    Fr.N(cost.Seconds, 2), Fr.Rate(parsed.Read, cost.Seconds), Fr.Bytes(cost.Allocated), Fr.N(stageCost.Seconds, 2), Fr.N(archiveCost.Seconds, 2), Fr.N(rest, 2));
            }
            catch (Exception error) when (!ct.IsCancellationRequested)
            {
                result.Add(job.Source.Id, "—", Fr.N(run.Seconds, 2), "", $"échec : {error.Message}", "", "", "", "", "");
            }
        }
        await scratch.DeleteAllAsync(ct);
        return result.ToString();
    }

    public static string Cpu(TimeSpan? cpu) => cpu is { } c ? Fr.N(c.TotalSeconds) : "n/d";

    public static string Short(string table) => table.IndexOf('v', StringComparison.Ordinal) is var v and > 0 ? table[..v] : table;
}
