using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ECarto.LocalHost;

/// <summary>
/// The Azurite storage emulator as a child process on loopback: installed from the repository's
/// package.json on first use, started on free ports, stopped by PID (SIGTERM, then SIGKILL after a grace
/// period, since Azurite can take many seconds to exit).
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable
{
    // Azurite's documented development account: public, the same for every installation.
    private const string DevAccount = "devstoreaccount1";
    private const string DevKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private int _disposed;
    private string? _pidFile;

    /// <summary>Written in the data folder while Azurite runs, to find it again should this process be killed.</summary>
    public const string PidFileName = "azurite.pid";

    private AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={DevAccount};AccountKey={DevKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{DevAccount};" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/{DevAccount};" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/{DevAccount};";
    }

    public string ConnectionString { get; }

    public int ProcessId => _process.Id;

    /// <param name="dataFolder">Where Azurite keeps its data; null for in-memory persistence (tests).</param>
    public static async Task<AzuriteProcess> StartAsync(string repositoryRoot, string? dataFolder, Action<string> say, CancellationToken cancellationToken)
    {
        var executable = Path.Combine(repositoryRoot, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            say("Installation d'Azurite (npm ci, version fixée dans package-lock.json)…");
            await RunToEndAsync("npm", ["ci", "--no-audit", "--no-fund"], repositoryRoot, cancellationToken);
        }
        if (dataFolder is not null)
        {
            Directory.CreateDirectory(dataFolder);
            await StopOrphanAsync(dataFolder, say);
        }
        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--silent", "--skipApiVersionCheck", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(),
            "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(),
        })
        {
            start.ArgumentList.Add(arg);
        }
        if (dataFolder is null) start.ArgumentList.Add("--inMemoryPersistence");
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(dataFolder);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite n'a pas pu être lancé.");
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var azurite = new AzuriteProcess(process, blob, queue, table);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await IsListeningAsync(blob) && await IsListeningAsync(table)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await azurite.DisposeAsync();
                string detail;
                lock (errors) detail = errors.ToString();
                throw new InvalidOperationException($"Azurite ne répond pas sur 127.0.0.1:{blob}/{table}. {detail}");
            }
            await Task.Delay(200, cancellationToken);
        }
        if (dataFolder is not null)
        {
            azurite._pidFile = Path.Combine(dataFolder, PidFileName);
            await File.WriteAllTextAsync(azurite._pidFile, process.Id.ToString(), cancellationToken);
        }
        say($"Azurite démarré (PID {process.Id}, données {(dataFolder is null ? "en mémoire" : "dans " + dataFolder)}).");
        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        // Called by Ctrl+C's path and by ProcessExit: only the first call stops the process.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (_pidFile is not null) File.Delete(_pidFile);
        if (_process.HasExited)
        {
            _process.Dispose();
            return;
        }
        _ = Kill(_process.Id, Sigterm);
        using var grace = new CancellationTokenSource(Grace);
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private const int Sigterm = 15;

    /// <summary>
    /// An Azurite left running on this data folder by a host that was killed (kill -9): stopped before a new
    /// one starts, since two on one folder would corrupt it.
    /// </summary>
    private static async Task StopOrphanAsync(string dataFolder, Action<string> say)
    {
        var pidFile = Path.Combine(dataFolder, PidFileName);
        if (!File.Exists(pidFile)) return;
        if (int.TryParse(await File.ReadAllTextAsync(pidFile), out var pid)
            && File.Exists($"/proc/{pid}/cmdline")
            && (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Contains("azurite", StringComparison.Ordinal))
        {
            say($"Azurite laissé par un lancement précédent (PID {pid}) : arrêt.");
            using var orphan = Process.GetProcessById(pid);
            orphan.Kill(entireProcessTree: true);
            await orphan.WaitForExitAsync();
        }
        File.Delete(pidFile);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> IsListeningAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task RunToEndAsync(string file, string[] args, string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} introuvable : installez Node.js et npm.");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"« {file} {string.Join(' ', args)} » a échoué (code {process.ExitCode}).");
        }
    }
}
