using System.Diagnostics;
using System.Text.RegularExpressions;
using ECarto.LocalHost;
using ECarto.Sources;
using ECarto.Storage;

namespace ECarto.Browser.Tests;

/// <summary>
/// The local host as a user runs it, in its own process, on a real Azurite (the one tests/run.sh
/// started, else one started here in memory) under a storage prefix of its own, deleted at the end.
/// </summary>
public sealed partial class LocalHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private AzuriteProcess? _azurite;
    private Process? _host;
    private readonly List<string> _output = [];
    private string _connectionString = "";
    private readonly string _prefix = "b" + Guid.NewGuid().ToString("N")[..10];

    public string Url { get; private set; } = "";

    public string Output { get { lock (_output) return string.Join('\n', _output); } }

    public async Task InitializeAsync()
    {
        var root = RepositoryLayout.FindRoot() ?? throw new DirectoryNotFoundException("repository root not found");
        _connectionString = Environment.GetEnvironmentVariable("ECARTO_TEST_STORAGE") ?? "";
        if (string.IsNullOrWhiteSpace(_connectionString))
        {
            _azurite = await AzuriteProcess.StartAsync(root, dataFolder: null, _ => { }, CancellationToken.None);
            _connectionString = _azurite.ConnectionString;
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(root, "functions", "ECarto.LocalHost", "bin", configuration, "net10.0", "ECarto.LocalHost.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--LocalHost:Port=0");
        start.ArgumentList.Add("--LocalHost:Schedule=false");
        start.Environment["Storage__ConnectionString"] = _connectionString;
        start.Environment["Storage__Prefix"] = _prefix;
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _host = Process.Start(start) ?? throw new InvalidOperationException("local host did not start");
        _host.OutputDataReceived += (_, e) => OnLine(e.Data, ready);
        _host.ErrorDataReceived += (_, e) => OnLine(e.Data, ready);
        _host.BeginOutputReadLine();
        _host.BeginErrorReadLine();
        var finished = await Task.WhenAny(ready.Task, _host.WaitForExitAsync(), Task.Delay(StartTimeout));
        if (finished != ready.Task) throw new InvalidOperationException($"The local host did not get ready:\n{Output}");
        Url = await ready.Task;
    }

    private void OnLine(string? line, TaskCompletionSource<string> ready)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
        var match = ReadyLine().Match(line);
        if (match.Success) ready.TrySetResult(match.Groups[1].Value);
    }

    public async Task DisposeAsync()
    {
        if (_host is { HasExited: false })
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync();
        }
        _host?.Dispose();
        await new ECartoStorage(new StorageOptions { ConnectionString = _connectionString, Prefix = _prefix }).DeleteAllAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
    }

    [GeneratedRegex(@"Prêt : (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ReadyLine();
}
