using System.Diagnostics;
using System.Text.RegularExpressions;
using ECarto.Sources;

namespace ECarto.Tests.Shared;

/// <summary>
/// The local host run as a user runs it: its own process, from its build output, with its output
/// captured. Shared by the integration and browser tests.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waiters = [];

    private LocalHostProcess(Process process) => _process = process;

    public string Output { get { lock (_output) return string.Join('\n', _output); } }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>ECarto.LocalHost.dll</c> of the same build configuration as the running tests.</summary>
    public static LocalHostProcess Start(IEnumerable<string> arguments, IDictionary<string, string> environment)
    {
        var root = RepositoryLayout.FindRoot() ?? throw new DirectoryNotFoundException("repository root not found");
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
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("local host did not start");
        var host = new LocalHostProcess(process);
        process.OutputDataReceived += (_, e) => host.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>The first output line matching <paramref name="pattern"/>; fails with the output so far.</summary>
    public async Task<Match> WaitForAsync(string pattern, TimeSpan timeout)
    {
        var waiter = (new Regex(pattern), new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_output)
        {
            foreach (var line in _output)
            {
                var match = waiter.Item1.Match(line);
                if (match.Success) return match;
            }
            _waiters.Add(waiter);
        }
        var finished = await Task.WhenAny(waiter.Item2.Task, _process.WaitForExitAsync(), Task.Delay(timeout));
        if (finished != waiter.Item2.Task) throw new TimeoutException($"« {pattern} » not seen:\n{Output}");
        return await waiter.Item2.Task;
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGKILL, as `kill -9` does: no cleanup code of the process runs.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Add(line);
            foreach (var (pattern, found) in _waiters)
            {
                var match = pattern.Match(line);
                if (match.Success) found.TrySetResult(match);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
