using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace ECarto.Infra.Tests;

/// <summary>Result of one run of the bicep binary.</summary>
public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit code {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
}

/// <summary>Runs the Bicep compiler shipped in the NuGet package Azure.Bicep.CommandLine.linux-x64.</summary>
public static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly Lazy<string> Executable = new(Locate);

    public static string Path => Executable.Value;

    public static ProcessResult Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // The compiler needs no ICU data and no network (no registry modules are used).
        start.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', args)} did not finish within {Timeout}");
        }
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Locate()
    {
        var packageDir = typeof(BicepCli).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepPackageDir")?.Value;
        if (string.IsNullOrEmpty(packageDir))
        {
            throw new InvalidOperationException(
                "BicepPackageDir is not set: restore the package Azure.Bicep.CommandLine.linux-x64.");
        }
        var path = System.IO.Path.Combine(packageDir, "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("The bicep binary is missing from its NuGet package.", path);
        }
        if (!OperatingSystem.IsWindows())
        {
            // NuGet does not always keep the executable bit.
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode exec = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | exec);
            }
        }
        return path;
    }
}
