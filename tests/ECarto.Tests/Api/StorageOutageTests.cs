using System.Diagnostics;
using ECarto.Api;
using ECarto.Ingestion;

namespace ECarto.Tests.Api;

/// <summary>
/// A real Azurite, started here on free ports with its data in a folder, stopped while the API serves and
/// started again on the same ports: the API answers 503 with Retry-After and a problem body while it is
/// gone, never hangs, and serves again by itself once it is back (same process, no restart).
/// </summary>
public class StorageOutageTests
{
    private static readonly string[] Routes =
    [
        "/api/etablissements/0310036W",
        "/api/etablissements?q=fermat",
        "/api/etablissements/proches?lat=43.6&lon=1.44",
        "/api/recherche?q=toulouse",
        "/api/indicateurs",
        "/api/territoires/departement/31",
        "/api/territoires/departement",
        "/api/territoires/departement/31/etablissements",
        "/api/geocodage?adresse=Toulouse",
    ];

    [Fact]
    public async Task Storage_stopped_then_restarted_gives_503_with_retry_after_then_recovers_without_restart()
    {
        var folder = Directory.CreateTempSubdirectory("ecarto-outage-");
        var ports = (Blob: ApiHost.FreePort(), Queue: ApiHost.FreePort(), Table: ApiHost.FreePort());
        var connection = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
                         $"BlobEndpoint=http://127.0.0.1:{ports.Blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{ports.Queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{ports.Table}/devstoreaccount1;";
        var azurite = await StartAzuriteAsync(folder.FullName, ports);
        try
        {
            await using var platform = new TestPlatform(connection, deleteOnDispose: false);
            // The directory and the communes are enough for every route, and ingest quickly.
            Assert.Empty(await platform.Get<IngestionJobs>().RunSourcesAsync(["annuaire", "cog"]));
            await using var host = await ApiHost.StartAsync(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = connection,
                ["Storage:Prefix"] = platform.Prefix,
                ["Storage:NetworkTimeout"] = "00:00:05",
                ["Storage:MaxRetries"] = "1",
                ["Storage:RetryDelay"] = "00:00:00.200",
                ["Api:RequestTimeout"] = "00:00:15",
            });
            await AssertAllServedAsync(host);

            await StopAsync(azurite);
            var unavailable = 0;
            foreach (var route in Routes)
            {
                var clock = Stopwatch.StartNew();
                var (status, retryAfter, title, type) = await ApiHost.ReadAsync(await host.Client.GetAsync(route));
                // Never hangs: the network timeout and the retries bound it well under the request timeout.
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(14), $"{route} took {clock.Elapsed}");
                // What is held in memory for the version may still be served; anything else is a 503.
                Assert.True(status is 200 or 503, $"{route}: {status}");
                if (status != 503) continue;
                unavailable++;
                Assert.Equal(Problems.UnavailableRetryAfterSeconds, retryAfter);
                Assert.Equal("application/problem+json", type);
                Assert.Equal("Service momentanément indisponible", title);
            }
            Assert.True(unavailable >= 3, $"only {unavailable} routes answered 503 with the storage stopped");

            azurite = await StartAzuriteAsync(folder.FullName, ports);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await host.Client.GetAsync(Routes[0])).StatusCode != System.Net.HttpStatusCode.OK)
            {
                Assert.True(DateTime.UtcNow < deadline, "the API did not recover within 60 s of the storage's return");
                await Task.Delay(500);
            }
            await AssertAllServedAsync(host);
        }
        finally
        {
            await StopAsync(azurite);
            folder.Delete(recursive: true);
        }
    }

    private static async Task AssertAllServedAsync(ApiHost host)
    {
        foreach (var route in Routes)
        {
            var (status, _, title, _) = await ApiHost.ReadAsync(await host.Client.GetAsync(route));
            Assert.True(status == 200, $"{route}: {status} {title}");
        }
    }

    /// <summary>Azurite on the given ports, its data in <paramref name="folder"/> (kept across a restart).</summary>
    private static async Task<Process> StartAzuriteAsync(string folder, (int Blob, int Queue, int Table) ports)
    {
        var start = new ProcessStartInfo(Path.Combine(TestData.Root, "node_modules", ".bin", "azurite"))
        {
            WorkingDirectory = TestData.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--silent", "--skipApiVersionCheck", "--loose", "--location", folder,
            "--blobHost", "127.0.0.1", "--blobPort", ports.Blob.ToString(),
            "--queueHost", "127.0.0.1", "--queuePort", ports.Queue.ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", ports.Table.ToString(),
        }) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(Listening(ports.Blob) && Listening(ports.Table)))
        {
            Assert.False(process.HasExited || DateTime.UtcNow > deadline, "Azurite did not start");
            await Task.Delay(200);
        }
        return process;
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            client.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM (Azurite saves its data), then a kill after a grace period.</summary>
    private static async Task StopAsync(Process azurite)
    {
        if (azurite.HasExited) return;
        Process.Start("kill", ["-TERM", azurite.Id.ToString()]).WaitForExit();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await azurite.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            azurite.Kill(entireProcessTree: true);
            await azurite.WaitForExitAsync();
        }
    }
}
