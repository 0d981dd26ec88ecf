using System.Diagnostics;
using System.Runtime.InteropServices;
using ECarto;
using ECarto.Benchmarks;
using ECarto.Establishments;
using ECarto.Ingestion;
using ECarto.Search;
using ECarto.LocalHost;
using ECarto.Sources;
using ECarto.Storage;
using ECarto.Territories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static ECarto.Benchmarks.Diagnostics;

// The ingestion benchmark of issue 3 (README.md next to this file). Not a test: it prints the figures and
// the targets (✓/✗); it exits 0 when it could run, whatever the figures, and non-zero when it could not.

if (args is ["readers"])
{
    await ReaderTimings.PrintAsync(Path.Combine(RepositoryLayout.FindRoot() ?? throw new DirectoryNotFoundException("Racine du dépôt introuvable."), "data"), Console.WriteLine, CancellationToken.None);
    return 0;
}

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

if (options.InputOnly is { } inputFolder)
{
    var root0 = RepositoryLayout.FindRoot() ?? throw new DirectoryNotFoundException("Racine du dépôt introuvable (host.json et data/).");
    var file = await NationalAnnuaire.WriteAsync(Path.Combine(root0, "data"), Path.GetFullPath(inputFolder), options.Schools, options.Seed, CancellationToken.None);
    using var sha = System.Security.Cryptography.SHA256.Create();
    await using var read = File.OpenRead(file.Path);
    Console.WriteLine($"{file.Path} : {file.Rows} établissements, {file.Bytes} octets, sha256 {Convert.ToHexStringLower(await sha.ComputeHashAsync(read))}");
    return 0;
}

if (options.Search)
{
    var searchRoot = RepositoryLayout.FindRoot() ?? throw new DirectoryNotFoundException("Racine du dépôt introuvable (host.json et data/).");
    return await SearchBenchmark.RunAsync(Path.Combine(searchRoot, "data"), options, CancellationToken.None);
}

if (options.Xlsx)
{
    var xlsxRoot = RepositoryLayout.FindRoot() ?? throw new DirectoryNotFoundException("Racine du dépôt introuvable (host.json et data/).");
    return await SpreadsheetBenchmark.RunAsync(options, Path.Combine(xlsxRoot, "data"), CancellationToken.None);
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
    Console.Error.WriteLine("Interruption : nettoyage…");
};
var ct = cancel.Token;

var root = RepositoryLayout.FindRoot() ?? throw new DirectoryNotFoundException("Racine du dépôt introuvable (host.json et data/).");
var dataRoot = Path.Combine(root, "data");
var runId = Guid.NewGuid().ToString("N")[..8];
var temp = Path.Combine(Path.GetTempPath(), $"ecarto-bench-{runId}");
AzuriteProcess? azurite = null;
var storages = new List<ECartoStorage>();
ServiceProvider? services = null;

void Say(string text) => Console.WriteLine(text);
void Section(string title) => Console.WriteLine($"\n== {title}");

try
{
    Say($"Banc d'essai de l'ingestion eCarto — {DateTime.Now:yyyy-MM-dd HH:mm}");
    Say($"Machine : {Environment.ProcessorCount} cœur(s), {RuntimeInformation.OSDescription}, .NET {Environment.Version}, " +
        $"GC {(System.Runtime.GCSettings.IsServerGC ? "serveur" : "station")}" +
        (IsOptimized() ? "" : " — ATTENTION : compilation Debug, lancer avec -c Release"));

    Section("Lecteurs (fichiers réels de data/)");
    await ReaderTimings.PrintAsync(dataRoot, Say, ct);

    // 1. Storage: the Azurite of tests/run.sh when given, else our own, in memory.
    var given = Environment.GetEnvironmentVariable("ECARTO_TEST_STORAGE");
    string connectionString;
    if (!string.IsNullOrWhiteSpace(given))
    {
        connectionString = given;
        Say($"Stockage : ECARTO_TEST_STORAGE{(options.AzuritePid is { } pid ? $" (Azurite PID {pid})" : " (CPU d'Azurite non mesuré : --azurite-pid N)")}.");
    }
    else
    {
        azurite = await AzuriteProcess.StartAsync(root, dataFolder: null, Say, ct);
        connectionString = azurite.ConnectionString;
    }
    var meter = new ResourceMeter(azurite?.ProcessId ?? options.AzuritePid);
    ECartoStorage NewStorage(string prefix)
    {
        var storage = new ECartoStorage(new StorageOptions { ConnectionString = connectionString, Prefix = prefix + runId });
        storages.Add(storage);
        return storage;
    }

    // 2. The national annuaire, built in code (not timed in the ingestion).
    Section("Entrée nationale");
    var (annuaire, generation) = await meter.MeasureAsync(() => NationalAnnuaire.WriteAsync(dataRoot, temp, options.Schools, options.Seed, ct));
    Say($"Annuaire dérivé : {Fr.N(annuaire.Rows)} établissements ({Fr.Bytes(annuaire.Bytes)}) à partir des {Fr.N(annuaire.TemplateRows)} lignes réelles, " +
        $"{annuaire.Departements} départements, {Fr.N(annuaire.Communes)} communes ; graine {options.Seed} ; construit en {Fr.N(generation.Seconds)} s.");
    Say($"  coordonnées : {Fr.N(annuaire.WithCoordinates)} lignes (dont {Fr.N(annuaire.AnchoredOnCommune)} autour d'un collège de leur commune, " +
        $"les autres autour d'un collège du département) ; {Fr.N(annuaire.Rows - annuaire.WithCoordinates)} sans, comme leur ligne réelle.");
    Say($"  fichier : {annuaire.Path}");
    Say("  autres sources : les fichiers nationaux de data/ tels quels ; inventaire : données de démonstration générées pour ces établissements.");

    // 3. The platform as the hosts compose it, under a prefix of its own.
    var prefix = $"bench{runId}";
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = connectionString,
        ["Storage:Prefix"] = prefix,
        ["Data:Root"] = dataRoot,
        [$"Sources:{SourceCatalog.Annuaire.Id}:Location"] = annuaire.Path,
    }).Build();
    services = new ServiceCollection()
        .AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "HH:mm:ss "; }))
        .AddECarto(configuration)
        .BuildServiceProvider();
    var platformStorage = services.GetRequiredService<ECartoStorage>();
    storages.Add(platformStorage);
    var jobs = services.GetRequiredService<IngestionJobs>();
    var runner = services.GetRequiredService<SourceRunner>();
    var publisher = services.GetRequiredService<Publisher>();
    var locations = services.GetRequiredService<SourceLocations>();

    Section($"Ingestion : {jobs.All.Count} sources (IngestionJobs.All), SourceRunner puis Publisher, stockage « {prefix} »");
    var machineBefore = ResourceMeter.MachineCpu();
    var gcBefore = GC.GetTotalAllocatedBytes(precise: true);
    var collectionsBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    var results = new List<(string Source, IngestionRun? Run, PhaseCost Cost, string? Failure)>();
    var ingestion = Stopwatch.StartNew();
    var measured = Stopwatch.StartNew();
    var azuriteCpuBefore = meter.AzuriteCpu();
    var ownCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    foreach (var job in jobs.All)
    {
        IngestionRun? run = null;
        string? failure = null;
        var cost = PhaseCost.None;
        try
        {
            (run, cost) = await meter.MeasureAsync(() => runner.RunAsync(job.Parser, ct));
            if (run.Status == RunStatus.Failed) failure = run.Error;
            else if (run.Status != RunStatus.Succeeded) failure = $"{run.Status} : {run.Note}";
        }
        catch (Exception error) when (!ct.IsCancellationRequested)
        {
            failure = $"{error.GetType().Name} : {error.Message}";
        }
        results.Add((job.Source.Id, run, cost, failure));
        Say(failure is null
            ? $"  {job.Source.Id,-13}{Fr.N(run!.Read),9} lignes lues, {Fr.N(run.Rejected)} rejetée(s), {Fr.N(run.Written)} mises en attente, {Fr.N(cost.Seconds, 2)} s"
            : $"  {job.Source.Id,-13}✗ IGNORÉE : {failure} (après {Fr.N(cost.Seconds, 2)} s ; hors des totaux de lignes)");
    }

    PublishedVersion? published = null;
    string? publishFailure = null;
    var publishCost = PhaseCost.None;
    try
    {
        (published, publishCost) = await meter.MeasureAsync(() => publisher.PublishAsync(ct));
    }
    catch (Exception error) when (!ct.IsCancellationRequested)
    {
        publishFailure = $"{error.GetType().Name} : {error.Message}";
    }
    ingestion.Stop();
    var machineIngestionCpu = ResourceMeter.MachineCpu() - machineBefore;
    var peakAfterIngestion = Process.GetCurrentProcess().PeakWorkingSet64;
    var ownIngestionCpu = Process.GetCurrentProcess().TotalProcessorTime - ownCpuBefore;
    var azuriteIngestionCpu = meter.AzuriteCpu() - azuriteCpuBefore;
    var allocated = GC.GetTotalAllocatedBytes(precise: true) - gcBefore;
    var collections = (GC.CollectionCount(0) - collectionsBefore.Item1, GC.CollectionCount(1) - collectionsBefore.Item2, GC.CollectionCount(2) - collectionsBefore.Item3);
    Say(published is not null
        ? $"  {"publication",-13}version {published.Version} en {Fr.N(publishCost.Seconds, 2)} s"
        : $"  {"publication",-13}✗ ÉCHEC : {publishFailure ?? "aucune version publiée"}");

    // 4. The published version's tables, read back (not timed in the ingestion).
    var tables = new List<VersionTable>();
    if (published is not null)
    {
        var (read, readCost) = await meter.MeasureAsync(() => VersionTables.ReadAsync(platformStorage, published.Version, ct));
        tables = read;
        Say($"  {"relecture",-13}{string.Join(", ", tables.Select(t => $"{t.Name} : {Fr.N(t.Entities.Count)}"))} ({Fr.N(readCost.Seconds, 2)} s, hors mesure)");
        Say("");
        Console.Write(Profile(tables));
        foreach (var t in tables) Say($"  propriétés les plus lourdes de {t.Name} : {HeaviestProperties(t)}");

        // What an instance does at its first search after a publish (a cold start on Azure): build its index.
        var (fromSnapshot, snapshotCost) = await meter.MeasureAsync(async () =>
            new SchoolIndex(await services.GetRequiredService<SearchSnapshots>().ReadAsync(published.Version, ct) ?? [], published.Version).Count);
        var (fromTable, tableCost) = await meter.MeasureAsync(async () =>
            new SchoolIndex(await services.GetRequiredService<SchoolStore>().ReadAllAsync(published.Version, ct).ToListAsync(ct), published.Version).Count);
        Say($"  index de recherche : {Fr.N(fromSnapshot)} établissements depuis l'instantané en {Fr.N(snapshotCost.Seconds, 2)} s, " +
            $"{Fr.N(fromTable)} depuis la table en {Fr.N(tableCost.Seconds, 2)} s");
    }

    // The PDF fiches of the national version, as the API makes them (issue 11).
    if (published is not null)
    {
        Section("Exports : fiches PDF de la version nationale");
        await ExportsBenchmark.RunAsync(services, published.Version, Say, ct);
    }
    var entities = tables.Sum(t => t.Entities.Count);

    // 5. Where the publish's time goes: its steps again, one at a time, on the same staged data.
    PhaseCost? composeCost = null, schoolsCost = null, territoriesCost = null, batchedCost = null;
    int composedSchools = 0, composedTerritories = 0;
    if (published is not null)
    try
    {
        Section("Décomposition de la publication (ses étapes refaites une à une, mêmes données, tables neuves)");
        var states = await services.GetRequiredService<SourceStates>().AllAsync(ct);
        Composition.Result? composed;
        (composed, composeCost) = await meter.MeasureAsync(() => services.GetRequiredService<Composition>().ComposeAsync(states, ct));
        (composedSchools, composedTerritories) = (composed.Schools.Count, composed.Territories.Count);
        Say($"  composition (lecture des données en attente + fusion) : {Fr.N(composeCost.Seconds, 2)} s, " +
            $"{Fr.N(composedSchools)} établissements et {Fr.N(composedTerritories)} territoires, {Fr.Bytes(composeCost.Allocated)} alloués");
        var (_, toEntityCost) = await meter.MeasureAsync(() => Task.FromResult(composed.Schools.Select(s => SchoolStore.ToEntity(s, published.Version)).Count()));
        Say($"  conversion des établissements en entités (SchoolStore.ToEntity) seule : {Fr.N(toEntityCost.Seconds, 2)} s");
        var scratch = NewStorage("benchc");
        var version = published.Version;
        (_, schoolsCost) = await meter.MeasureAsync(() => new SchoolStore(scratch).UpsertAsync(composed.Schools, version, ct));
        Say($"  SchoolStore.UpsertAsync (conversion + TableBatchWriter, 8 en parallèle) : {Fr.N(schoolsCost.Seconds, 2)} s, " +
            $"{Fr.Rate(composedSchools, schoolsCost.Seconds)} entités/s (CPU banc {Fr.N(schoolsCost.OwnCpu.TotalSeconds)} s, Azurite {Cpu(schoolsCost.AzuriteCpu)} s)");
        (_, territoriesCost) = await meter.MeasureAsync(() => new TerritoryStore(scratch).UpsertAsync(composed.Territories, version, ct));
        Say($"  TerritoryStore.UpsertAsync : {Fr.N(territoriesCost.Seconds, 2)} s, {Fr.Rate(composedTerritories, territoriesCost.Seconds)} entités/s " +
            $"(CPU banc {Fr.N(territoriesCost.OwnCpu.TotalSeconds)} s, Azurite {Cpu(territoriesCost.AzuriteCpu)} s)");
        await scratch.DeleteAllAsync(ct);
        if (options.Diagnostics)
        {
            var both = NewStorage("benchw");
            var (_, concurrentCost) = await meter.MeasureAsync(async () =>
            {
                await Task.WhenAll(new SchoolStore(both).UpsertAsync(composed.Schools, version, ct), new TerritoryStore(both).UpsertAsync(composed.Territories, version, ct));
                return 0;
            });
            Say($"  diagnostic : les deux écritures en même temps (Task.WhenAll) : {Fr.N(concurrentCost.Seconds, 2)} s " +
                $"contre {Fr.N(schoolsCost.Seconds + territoriesCost.Seconds, 2)} s l'une après l'autre (CPU Azurite {Cpu(concurrentCost.AzuriteCpu)} s)");
            await both.DeleteAllAsync(ct);
        }
        composed = null;

        var batchedStorage = NewStorage("benchb");
        int batchedWritten;
        (batchedWritten, batchedCost) = await meter.MeasureAsync(() => VersionTables.WriteBatchedAsync(batchedStorage, tables, maxParallelism: 8, ct));
        Say($"  les {Fr.N(batchedWritten)} entités relues, par TableBatchWriter seul (8 en parallèle) : {Fr.N(batchedCost.Seconds, 2)} s, " +
            $"{Fr.Rate(batchedWritten, batchedCost.Seconds)} entités/s (CPU banc {Fr.N(batchedCost.OwnCpu.TotalSeconds)} s, Azurite {Cpu(batchedCost.AzuriteCpu)} s)");
        await batchedStorage.DeleteAllAsync(ct);

        if (options.Diagnostics)
        {
            Section("Diagnostic : parallélisme de TableBatchWriter (entités relues, tables neuves à chaque fois)");
            Console.Write(await ParallelismAsync(meter, NewStorage, tables, ct));
            Section("Diagnostic : insertion (Add) au lieu de mise à jour (UpsertReplace) dans les tables neuves d'une version");
            Console.Write(await InsertVersusUpsertAsync(meter, NewStorage, tables, ct));
            if (tables.FirstOrDefault(t => t.Name.StartsWith(StorageNames.SchoolsTable, StringComparison.Ordinal)) is { } schoolsTable)
            {
                Section("Diagnostic : taille des entités (établissements ; par lots à 8 en parallèle, et un par un sur un échantillon)");
                Console.Write(await EntitySizeAsync(meter, NewStorage, schoolsTable, ct));
            }
            Section("Diagnostic : lecture seule de chaque source, depuis son fichier, sans stockage");
            Console.Write(await ParseAloneAsync(meter, NewStorage, jobs, locations, results.Where(r => r.Failure is null).ToDictionary(r => r.Source, r => r.Cost), ct));
        }
    }
    catch (Exception error) when (!ct.IsCancellationRequested)
    {
        // A diagnostic, not the benchmark: the figures above and the baseline below stand without it.
        Say($"  ✗ décomposition interrompue : {error.GetType().Name} : {error.Message}");
    }

    // 6. The baseline: the same load, one UpsertEntityAsync per entity, sequential, into fresh tables. First
    // every source read again and each accepted row as its own entity (a naive ingestion), then the
    // published entities (the naive ingestion's composed tables, and the publish alone compared).
    var sourceRows = new List<SourceRows>();
    var baseline = new Dictionary<string, double>(StringComparer.Ordinal);
    var baselineMeasured = 0;
    var baselineTotal = 0;
    var extrapolated = false;
    if (entities > 0)
    {
        Section("Référence : la même charge, un UpsertEntityAsync par entité, séquentiel, sans lot ni parallélisme, tables neuves");
        var rowsStorage = NewStorage("benchp");
        // The sources eCarto ingested, so that both sides carry the same load.
        var ingested = results.Where(r => r.Failure is null).Select(r => r.Source).ToHashSet(StringComparer.Ordinal);
        sourceRows = await RowByRowIngestion.ReadAsync(meter, rowsStorage, jobs.All.Where(j => ingested.Contains(j.Source.Id)), locations, Say, ct);
        await rowsStorage.DeleteAllAsync(ct);
        Say($"  sources relues par les mêmes lecteurs : {string.Join(", ", sourceRows.Select(s => $"{s.Source} {Fr.N(s.Entities.Count)} lignes en {Fr.N(s.Read.Seconds, 2)} s"))}");
        var parts = sourceRows.Select(s => (Key: s.Source, s.Table, s.Entities))
            .Concat(tables.Select(t => (Key: t.Name, Table: t.Name, t.Entities)))
            .ToList();
        baselineTotal = parts.Sum(p => p.Entities.Count);
        var step = Math.Max(1, baselineTotal / options.BaselineSample);
        var baselineStorage = NewStorage("benchr");
        var samples = new Dictionary<string, (int Written, TimeSpan Elapsed)>(StringComparer.Ordinal);
        var sampleCpu = PhaseCost.None;
        foreach (var part in parts)
        {
            var (written, cost) = await meter.MeasureAsync(() => VersionTables.WriteOneByOneAsync(baselineStorage, part.Entities.Where((_, i) => i % step == 0).Select(e => (part.Table, e)), ct));
            samples[part.Key] = written;
            sampleCpu = sampleCpu with { Wall = sampleCpu.Wall + cost.Wall, OwnCpu = sampleCpu.OwnCpu + cost.OwnCpu, AzuriteCpu = cost.AzuriteCpu is { } partCpu ? (sampleCpu.AzuriteCpu ?? TimeSpan.Zero) + partCpu : sampleCpu.AzuriteCpu };
        }
        var sampled = samples.Values.Sum(s => s.Written);
        var estimate = parts.Sum(p => samples[p.Key].Elapsed.TotalSeconds * p.Entities.Count / Math.Max(1, samples[p.Key].Written));
        Say($"  échantillon déterministe (une entité sur {step} de chaque source et de chaque table, {Fr.N(sampled)} entités) : {Fr.N(sampleCpu.Seconds, 2)} s, " +
            $"{Fr.Rate(sampled, sampleCpu.Seconds)} entités/s (CPU banc {Fr.N(sampleCpu.OwnCpu.TotalSeconds)} s, Azurite {Cpu(sampleCpu.AzuriteCpu)} s)");
        Say($"  estimation pour les {Fr.N(baselineTotal)} entités : {Fr.N(estimate)} s");
        if (step == 1 || options.FullBaseline || estimate <= options.BaselineBudget.TotalSeconds)
        {
            foreach (var part in parts)
            {
                var rest = await VersionTables.WriteOneByOneAsync(baselineStorage, part.Entities.Where((_, i) => i % step != 0).Select(e => (part.Table, e)), ct);
                baseline[part.Key] = samples[part.Key].Elapsed.TotalSeconds + rest.Elapsed.TotalSeconds;
                Say($"  {part.Key,-28}{Fr.N(part.Entities.Count),9} entités un par un : {Fr.N(baseline[part.Key], 1)} s");
            }
            baselineMeasured = baselineTotal;
            Say($"  référence complète MESURÉE : {Fr.N(baseline.Values.Sum())} s");
        }
        else
        {
            foreach (var part in parts) baseline[part.Key] = samples[part.Key].Elapsed.TotalSeconds * part.Entities.Count / Math.Max(1, samples[part.Key].Written);
            (baselineMeasured, extrapolated) = (sampled, true);
            Say($"  estimation au-delà de {Fr.N(options.BaselineBudget.TotalSeconds, 0)} s : référence EXTRAPOLÉE linéairement, source par source et table par table, " +
                $"depuis l'échantillon ({Fr.N(sampled)} entités mesurées sur {Fr.N(baselineTotal)}) ; --full-baseline pour tout mesurer");
        }
        await baselineStorage.DeleteAllAsync(ct);
    }
    var baselineSeconds = tables.Sum(t => baseline.GetValueOrDefault(t.Name));

    // 7. The figures.
    Section("Résultats");
    var table = new TextTable("étape", "lignes / entités", "secondes", "par seconde", "CPU banc (s)", "CPU Azurite (s)", "alloué");
    var rowsRead = 0L;
    foreach (var (source, run, cost, failure) in results)
    {
        if (failure is not null)
        {
            table.Add($"{source} (ÉCHEC, ignorée)", "—", Fr.N(cost.Seconds, 2), "—", Fr.N(cost.OwnCpu.TotalSeconds), Cpu(cost.AzuriteCpu), Fr.Bytes(cost.Allocated));
            continue;
        }
        rowsRead += run!.Read;
        table.Add(source, Fr.N(run.Read), Fr.N(cost.Seconds, 2), Fr.Rate(run.Read, cost.Seconds), Fr.N(cost.OwnCpu.TotalSeconds), Cpu(cost.AzuriteCpu), Fr.Bytes(cost.Allocated));
    }
    table.Rule();
    table.Add(published is null ? "publication (ÉCHEC)" : "publication", Fr.N(entities), Fr.N(publishCost.Seconds, 2), Fr.Rate(entities, publishCost.Seconds),
        Fr.N(publishCost.OwnCpu.TotalSeconds), Cpu(publishCost.AzuriteCpu), Fr.Bytes(publishCost.Allocated));
    if (composeCost is not null) table.Add("  composition (refaite à part)", Fr.N(composedSchools + composedTerritories), Fr.N(composeCost.Seconds, 2), "", Fr.N(composeCost.OwnCpu.TotalSeconds), Cpu(composeCost.AzuriteCpu), Fr.Bytes(composeCost.Allocated));
    if (schoolsCost is not null) table.Add("  écriture établissements (à part)", Fr.N(composedSchools), Fr.N(schoolsCost.Seconds, 2), Fr.Rate(composedSchools, schoolsCost.Seconds), Fr.N(schoolsCost.OwnCpu.TotalSeconds), Cpu(schoolsCost.AzuriteCpu), Fr.Bytes(schoolsCost.Allocated));
    if (territoriesCost is not null) table.Add("  écriture territoires (à part)", Fr.N(composedTerritories), Fr.N(territoriesCost.Seconds, 2), Fr.Rate(composedTerritories, territoriesCost.Seconds), Fr.N(territoriesCost.OwnCpu.TotalSeconds), Cpu(territoriesCost.AzuriteCpu), Fr.Bytes(territoriesCost.Allocated));
    if (batchedCost is not null) table.Add("  entités relues, par lots (à part)", Fr.N(entities), Fr.N(batchedCost.Seconds, 2), Fr.Rate(entities, batchedCost.Seconds), Fr.N(batchedCost.OwnCpu.TotalSeconds), Cpu(batchedCost.AzuriteCpu), Fr.Bytes(batchedCost.Allocated));
    table.Rule();
    var total = ingestion.Elapsed.TotalSeconds;
    table.Add("total (sources + publication)", Fr.N(rowsRead), Fr.N(total, 2), Fr.Rate(rowsRead, total), Fr.N(ownIngestionCpu.TotalSeconds), Cpu(azuriteIngestionCpu), Fr.Bytes(allocated));
    var composeSeconds = composeCost?.Seconds ?? publishCost.Seconds;
    var rowsBaseline = sourceRows.Sum(s => s.Read.Seconds + baseline.GetValueOrDefault(s.Source));
    var naiveTotal = rowsBaseline + composeSeconds + baselineSeconds;
    var measuredOrNot = extrapolated ? "EXTRAPOLÉ" : "mesuré";
    if (entities > 0)
    {
        table.Rule();
        foreach (var s in sourceRows)
        {
            var seconds = s.Read.Seconds + baseline.GetValueOrDefault(s.Source);
            table.Add($"référence : {s.Source}", Fr.N(s.Entities.Count), Fr.N(seconds, 1), Fr.Rate(s.Entities.Count, seconds), "", "", "");
        }
        table.Add(composeCost is null ? "référence : composition (≈ publication)" : "référence : composition", "", Fr.N(composeSeconds, 2), "", "", "", "");
        foreach (var t in tables)
        {
            table.Add($"référence : {Short(t.Name)} un par un", Fr.N(t.Entities.Count), Fr.N(baseline.GetValueOrDefault(t.Name), 1), Fr.Rate(t.Entities.Count, baseline.GetValueOrDefault(t.Name)), "", "", "");
        }
        table.Rule();
        table.Add($"référence totale ({measuredOrNot})", Fr.N(rowsRead), Fr.N(naiveTotal, 1), Fr.Rate(rowsRead, naiveTotal), "", "", "");
    }
    Console.Write(table);

    var ratioPublish = publishCost.Seconds > 0 ? baselineSeconds / publishCost.Seconds : 0;
    var ratioIngestion = total > 0 ? naiveTotal / total : 0;
    var writesSeconds = (schoolsCost?.Seconds ?? 0) + (territoriesCost?.Seconds ?? 0);
    if (entities > 0)
    {
        Say("");
        Say($"Rapports référence / eCarto" + (extrapolated ? $" (référence EXTRAPOLÉE depuis {Fr.N(baselineMeasured)} entités mesurées sur {Fr.N(baselineTotal)}) :" : " :"));
        Say($"  ingestion complète (la même charge)            {Fr.N(naiveTotal),7} s / {Fr.N(total, 2),6} s = {Fr.N(ratioIngestion)} ×" +
            "   (référence : mêmes lecteurs, chaque ligne puis chaque entité publiée écrite seule)");
        Say($"  publication seule (composition comprise)       {Fr.N(baselineSeconds),7} s / {Fr.N(publishCost.Seconds, 2),6} s = {Fr.N(ratioPublish)} ×" +
            $"   (les mêmes {Fr.N(entities)} entités écrites une à une)");
        if (writesSeconds > 0) Say($"  écritures de la publication seules             {Fr.N(baselineSeconds),7} s / {Fr.N(writesSeconds, 2),6} s = {Fr.N(baselineSeconds / writesSeconds)} ×");
        if (batchedCost is not null) Say($"  entités relues, TableBatchWriter seul          {Fr.N(baselineSeconds),7} s / {Fr.N(batchedCost.Seconds, 2),6} s = {Fr.N(baselineSeconds / batchedCost.Seconds)} ×");
    }

    Say("");
    Say("Objectifs (issue 3) :");
    var complete = results.All(r => r.Failure is null) && published is not null;
    Say($"  {Fr.Check(complete && total <= 60)} total ≤ 60 s sur cette machine à {Environment.ProcessorCount} cœurs : {Fr.N(total, 1)} s" +
        (complete ? "" : " (incomplet : des étapes ont échoué, voir plus haut)"));
    Say($"  {Fr.Check(complete && entities > 0 && ratioIngestion >= 10)} au moins 10 × la référence (la même charge, un upsert par entité) : {Fr.N(ratioIngestion)} ×" +
        (extrapolated ? " (référence extrapolée)" : ""));
    Say($"    pour information, la publication seule : {Fr.N(ratioPublish)} × (sur Azurite, le coût d'une entité dans un lot dépend de sa taille : README du banc)");

    var self = Process.GetCurrentProcess();
    self.Refresh();
    Say("");
    Say($"Mémoire : pic de l'ensemble de travail du banc {Fr.Bytes(peakAfterIngestion)} à la fin de l'ingestion ({Fr.Bytes(self.PeakWorkingSet64)} à la fin du programme, " +
        $"qui garde ensuite les entités relues) ; alloué par le GC pendant l'ingestion {Fr.Bytes(allocated)} " +
        $"(programme entier : {Fr.Bytes(GC.GetTotalAllocatedBytes(precise: true))}) ; collectes gen0/1/2 pendant l'ingestion : {collections.Item1}/{collections.Item2}/{collections.Item3}" +
        (meter.AzuritePeakResident() is { } azuritePeak ? $" ; pic résident d'Azurite {Fr.Bytes(azuritePeak)}" : ""));
    Say($"CPU pendant l'ingestion : banc {Fr.N(ownIngestionCpu.TotalSeconds)} s, Azurite {Cpu(azuriteIngestionCpu)} s, pour {Fr.N(total)} s d'horloge " +
        $"(soit {Fr.N(total * Environment.ProcessorCount)} s de CPU disponibles sur {Environment.ProcessorCount} cœurs)");
    // Other processes of the machine (builds, tests…) skew every figure: said for the ingestion, and for the whole run after it.
    var wholeWall = measured.Elapsed.TotalSeconds;
    var wholeOthers = ResourceMeter.MachineCpu() - machineBefore - (Process.GetCurrentProcess().TotalProcessorTime - ownCpuBefore) - (meter.AzuriteCpu() - azuriteCpuBefore);
    if (machineIngestionCpu is { } machine && azuriteIngestionCpu is { } azuriteCpu && wholeOthers is { } afterwards)
    {
        var others = Math.Max(0, (machine - ownIngestionCpu - azuriteCpu).TotalSeconds);
        var share = others / (total * Environment.ProcessorCount);
        var wholeShare = Math.Max(0, afterwards.TotalSeconds) / (wholeWall * Environment.ProcessorCount);
        Say($"Autres processus de la machine : {Fr.N(100 * share, 0)} % de son CPU pendant l'ingestion, {Fr.N(100 * wholeShare, 0)} % sur tout le banc " +
            $"(ingestion, décomposition, référence)" +
            (Math.Max(share, wholeShare) > 0.1 ? " — ATTENTION : machine occupée par ailleurs, durées et rapports faussés ; relancer machine au repos." : "."));
    }
    return 0;
}
catch (OperationCanceledException) when (ct.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrompu.");
    return 130;
}
finally
{
    // 8. Clean up: our prefixes' tables and containers, the temporary files, our Azurite.
    foreach (var storage in storages)
    {
        try
        {
            await storage.DeleteAllAsync(CancellationToken.None);
        }
        catch (Exception error)
        {
            Console.Error.WriteLine($"Nettoyage du stockage incomplet : {error.Message}");
        }
    }
    if (services is not null) await services.DisposeAsync();
    try
    {
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
    }
    catch (IOException error)
    {
        Console.Error.WriteLine($"Dossier temporaire non supprimé ({temp}) : {error.Message}");
    }
    if (azurite is not null) await azurite.DisposeAsync();
}

static bool IsOptimized() =>
    typeof(BenchmarkOptions).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false) is not [DebuggableAttribute { IsJITOptimizerDisabled: true }];
