using System.Diagnostics;
using System.Globalization;

namespace ECarto.Benchmarks;

/// <summary>Wall time and CPU time of one phase: this process's, and Azurite's when we know its PID.</summary>
public sealed record PhaseCost(TimeSpan Wall, TimeSpan OwnCpu, TimeSpan? AzuriteCpu, long Allocated = 0)
{
    public static readonly PhaseCost None = new(TimeSpan.Zero, TimeSpan.Zero, null);

    public double Seconds => Wall.TotalSeconds;
}

/// <summary>
/// Measures where the time of a phase goes on this machine: the benchmark process (parsing, composition,
/// serialization, the SDK) versus Azurite (a single-threaded Node.js process, read from /proc on Linux).
/// </summary>
public sealed class ResourceMeter(int? azuritePid)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ: 100 on every Linux we run on.

    public async Task<(T Result, PhaseCost Cost)> MeasureAsync<T>(Func<Task<T>> phase)
    {
        var own = Process.GetCurrentProcess().TotalProcessorTime;
        var azurite = AzuriteCpu();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var result = await phase();
        clock.Stop();
        var allocatedAfter = GC.GetTotalAllocatedBytes(precise: true);
        var ownAfter = Process.GetCurrentProcess().TotalProcessorTime;
        var azuriteAfter = AzuriteCpu();
        return (result, new PhaseCost(clock.Elapsed, ownAfter - own, azurite is null || azuriteAfter is null ? null : azuriteAfter - azurite, allocatedAfter - allocated));
    }

    /// <summary>Azurite's CPU time so far (its process and any children), or null when unknown.</summary>
    public TimeSpan? AzuriteCpu()
    {
        if (azuritePid is not { } pid || !OperatingSystem.IsLinux()) return null;
        try
        {
            double ticks = 0;
            foreach (var p in WithDescendants(pid)) ticks += CpuTicks(p);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>CPU time used by the whole machine so far (every process, all cores), or null off Linux.</summary>
    public static TimeSpan? MachineCpu()
    {
        try
        {
            if (!OperatingSystem.IsLinux()) return null;
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // cpu user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
            var busy = new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => double.Parse(fields[i], CultureInfo.InvariantCulture));
            return TimeSpan.FromSeconds(busy / TicksPerSecond);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Azurite's peak resident memory (VmHWM), in bytes, or null when unknown.</summary>
    public long? AzuritePeakResident()
    {
        if (azuritePid is not { } pid || !OperatingSystem.IsLinux()) return null;
        try
        {
            long total = 0;
            foreach (var p in WithDescendants(pid))
            {
                var line = File.ReadLines($"/proc/{p}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                if (line is null) continue;
                total += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
            return total;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static double CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name is in parentheses and may hold spaces: fields are counted after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static List<int> WithDescendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended while we listed /proc.
            }
        }
        var result = new List<int> { root };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(parents.Where(p => p.Value == result[i]).Select(p => p.Key));
        }
        return result;
    }
}
