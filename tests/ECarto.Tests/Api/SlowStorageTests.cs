using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ECarto.Api;

namespace ECarto.Tests.Api;

/// <summary>
/// A storage endpoint that accepts connections and never answers, and one that answers 503 to everything:
/// every storage call has a network timeout, so requests fail fast with a 503 instead of piling up.
/// </summary>
public class SlowStorageTests
{
    private static string ConnectionTo(int port) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    /// <summary>Accepts every connection, reads what comes, and answers <paramref name="answer"/> (or nothing when null).</summary>
    private static (TcpListener Listener, Task Loop) Serve(string? answer, CancellationToken stop)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var held = new List<TcpClient>();
        var loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync(stop); }
                catch (OperationCanceledException) { break; }
                lock (held) held.Add(client);
                _ = Task.Run(async () =>
                {
                    var buffer = new byte[64 * 1024];
                    var stream = client.GetStream();
                    try
                    {
                        while (await stream.ReadAsync(buffer, stop) > 0)
                        {
                            if (answer is null) continue;
                            await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), stop);
                        }
                    }
                    catch (Exception) { /* the client gave up */ }
                });
            }
            lock (held) foreach (var client in held) client.Dispose();
        });
        return (listener, loop);
    }

    private static Dictionary<string, string?> Settings(int port) => new()
    {
        ["Storage:ConnectionString"] = ConnectionTo(port),
        ["Storage:Prefix"] = "slow",
        ["Storage:NetworkTimeout"] = "00:00:01",
        ["Storage:MaxRetries"] = "1",
        ["Storage:RetryDelay"] = "00:00:00.100",
        ["Api:RequestTimeout"] = "00:00:06",
    };

    [Fact]
    public async Task A_storage_that_never_answers_gives_503_within_seconds_even_for_many_requests_at_once()
    {
        using var stop = new CancellationTokenSource();
        var (listener, loop) = Serve(answer: null, stop.Token);
        try
        {
            await using var host = await ApiHost.StartAsync(Settings(((IPEndPoint)listener.LocalEndpoint).Port));
            var clock = Stopwatch.StartNew();
            var routes = new[] { "/api/etablissements/0310036W", "/api/etablissements?q=fermat", "/api/territoires/departement/31", "/api/indicateurs" };
            // 24 requests at once: they may queue behind one another for the index, but the request timeout bounds them all.
            var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i => await ApiHost.ReadAsync(await host.Client.GetAsync(routes[i % routes.Length]))));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"24 requests took {clock.Elapsed}");
            Assert.All(answers, answer =>
            {
                Assert.Equal(503, answer.Status);
                Assert.Equal(Problems.UnavailableRetryAfterSeconds, answer.RetryAfter);
                Assert.Equal("Service momentanément indisponible", answer.Title);
            });
        }
        finally
        {
            await stop.CancelAsync();
            listener.Stop();
            await loop;
        }
    }

    [Fact]
    public async Task A_storage_answering_503_gives_503_with_retry_after()
    {
        using var stop = new CancellationTokenSource();
        var (listener, loop) = Serve("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nx-ms-error-code: ServerBusy\r\n\r\n", stop.Token);
        try
        {
            await using var host = await ApiHost.StartAsync(Settings(((IPEndPoint)listener.LocalEndpoint).Port));
            var clock = Stopwatch.StartNew();
            var (status, retryAfter, title, type) = await ApiHost.ReadAsync(await host.Client.GetAsync("/api/etablissements/0310036W"));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
            Assert.Equal(503, status);
            Assert.Equal(Problems.UnavailableRetryAfterSeconds, retryAfter);
            Assert.Equal("application/problem+json", type);
            Assert.Equal("Service momentanément indisponible", title);
        }
        finally
        {
            await stop.CancelAsync();
            listener.Stop();
            await loop;
        }
    }
}
