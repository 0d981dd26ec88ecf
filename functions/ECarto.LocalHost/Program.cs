using ECarto.Ingestion;
using ECarto.LocalHost;
using ECarto.Sources;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// eCarto on one machine: `dotnet run --project functions/ECarto.LocalHost`.
// Starts Azurite unless Storage:ConnectionString is given, ingests the sample data when the storage
// holds none, serves the API and static-site/ on loopback, and prints the URL. Ctrl+C stops it all.
// `… -- ingest [source …]` runs the ingestion jobs once (all, or the sources named) and exits.
void Say(string line) => Console.WriteLine($"[eCarto] {line}");

var ingestOnly = args.Length > 0 && args[0] == "ingest";
List<string> sourcesToIngest = [];
if (ingestOnly)
{
    // Source names, then settings as `--Key=value` or `--Key value`.
    var settings = new List<string>();
    var rest = args.Skip(1).ToList();
    for (var i = 0; i < rest.Count; i++)
    {
        if (!rest[i].StartsWith("--", StringComparison.Ordinal)) sourcesToIngest.Add(rest[i]);
        else if (rest[i].Contains('=') || i + 1 == rest.Count) settings.Add(rest[i]);
        else settings.AddRange([rest[i], rest[++i]]);
    }
    args = settings.Append("--LocalHost:Schedule=false").ToArray();
}

using var stopping = new CancellationTokenSource();
AzuriteProcess? azurite = null;
var preview = new ConfigurationBuilder()
    .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();
if (string.IsNullOrWhiteSpace(preview["Storage:ConnectionString"]))
{
    var root = RepositoryLayout.FindRoot()
        ?? throw new DirectoryNotFoundException("Lancez eCarto depuis son dépôt (host.json et data/ introuvables).");
    var folder = Path.GetFullPath(Path.Combine(root, preview["LocalHost:AzuriteFolder"] ?? ".azurite"));
    azurite = await AzuriteProcess.StartAsync(root, folder, Say, stopping.Token);
    // Should this process die without Ctrl+C, do not leave Azurite behind.
    AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(15));
}
else
{
    Say("Stockage donné par la configuration (Storage:ConnectionString) : Azurite n'est pas lancé.");
}

try
{
    var app = LocalHostApp.Build(args, configuration =>
    {
        if (azurite is not null) configuration["Storage:ConnectionString"] = azurite.ConnectionString;
    });
    if (ingestOnly)
    {
        return await IngestOnceAsync(app.Services.GetRequiredService<IngestionJobs>(), sourcesToIngest);
    }
    await app.StartAsync();
    Say(GcReport.Settings());
    // Where the memory went (GC heap vs the rest), for the load benchmark's GC settings.
    app.Lifetime.ApplicationStopping.Register(() => Say(GcReport.Memory()));
    var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    Say($"eCarto est servi sur {url}  (Ctrl+C pour arrêter)");

    // The same start path as the function app's (FirstPublication): ingest everything when nothing is served yet.
    var first = app.Services.GetRequiredService<FirstPublication>();
    try
    {
        Say(await first.RunAsync(app.Lifetime.ApplicationStopping) switch
        {
            FirstPublicationOutcome.Published => "Données d'exemple ingérées et publiées.",
            FirstPublicationOutcome.RunningElsewhere => "Un autre processus ingère déjà les données dans ce stockage : aucune ingestion ici.",
            _ => "Données déjà présentes dans le stockage : aucune ingestion au démarrage.",
        });
        Say($"Prêt : {url}");
    }
    catch (OperationCanceledException) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
    {
        Say("Arrêt demandé pendant l'ingestion initiale : elle reprendra au prochain lancement.");
    }
    catch (Exception error) when (error is not OperationCanceledException)
    {
        Say($"L'ingestion initiale a échoué : {error.Message}. Le site reste servi ; voyez le journal ci-dessus.");
    }
    await app.WaitForShutdownAsync();
    return 0;
}
finally
{
    if (azurite is not null)
    {
        Say("Arrêt d'Azurite…");
        await azurite.DisposeAsync();
    }
}

async Task<int> IngestOnceAsync(IngestionJobs jobs, IReadOnlyList<string> sources)
{
    IReadOnlyList<IngestionRun> failed;
    try
    {
        failed = await jobs.RunSourcesAsync(sources);
    }
    catch (ArgumentException error)
    {
        Say(error.Message);
        return 2;
    }
    foreach (var run in failed) Say($"{run.Source} : échec — {run.Error}");
    Say(failed.Count == 0 ? "Ingestion terminée." : $"Ingestion terminée avec {failed.Count} source(s) en échec : voir le journal ci-dessus.");
    return failed.Count == 0 ? 0 : 1;
}
