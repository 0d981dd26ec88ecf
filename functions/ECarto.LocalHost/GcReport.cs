using System.Diagnostics;
using System.Runtime;

namespace ECarto.LocalHost;

/// <summary>The garbage collector's settings and memory, as the local host logs them (read by the load benchmark).</summary>
public static class GcReport
{
    private static string Mb(long bytes) => $"{bytes / 1048576.0:F0} Mo";

    /// <summary>One line: server or workstation GC, concurrent or not, DATAS, conserve-memory, gen0 budget and heap limit.</summary>
    public static string Settings()
    {
        var info = GC.GetGCMemoryInfo();
        var datas = AppContext.GetData("System.GC.DynamicAdaptationMode") ?? Environment.GetEnvironmentVariable("DOTNET_GCDynamicAdaptationMode") ?? "défaut";
        var conserve = Environment.GetEnvironmentVariable("DOTNET_GCConserveMemory") ?? AppContext.GetData("System.GC.ConserveMemory") ?? "0"; // the environment wins
        return $"GC : {(GCSettings.IsServerGC ? "serveur" : "station")}, latence {GCSettings.LatencyMode}, " +
               $"DATAS {datas}, ConserveMemory {conserve}, gen0 {Gen0Budget()}, mémoire disponible pour le tas {Mb(info.TotalAvailableMemoryBytes)}";
    }

    /// <summary>
    /// The gen0 budget set by <c>DOTNET_GCgen0size</c> (hexadecimal, as the runtime reads it; the launch profile
    /// and the Azure app settings set it), or « auto »: the runtime's own, derived from the CPU's largest cache.
    /// </summary>
    private static string Gen0Budget()
    {
        var text = Environment.GetEnvironmentVariable("DOTNET_GCgen0size")?.Trim();
        if (string.IsNullOrEmpty(text)) return "auto";
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return long.TryParse(digits, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var bytes) && bytes > 0
            ? Mb(bytes)
            : $"auto (« {text} » illisible)";
    }

    /// <summary>
    /// One line: the managed heap (at the last collection, fragmented, committed) against the process's
    /// resident memory, then what is really alive: the heap after a full compacting collection (made here,
    /// once, when the host stops).
    /// </summary>
    public static string Memory()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        using var process = Process.GetCurrentProcess();
        var line = $"Mémoire : tas GC {Mb(info.HeapSizeBytes)} (dont fragmenté {Mb(info.FragmentedBytes)}), engagé par le GC {Mb(info.TotalCommittedBytes)}, " +
                   $"RSS {Mb(process.WorkingSet64)} (max {Mb(process.PeakWorkingSet64)}), hors tas ≈ {Mb(process.WorkingSet64 - info.TotalCommittedBytes)} ; " +
                   $"{GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collectes gen0/1/2, pauses {GC.GetTotalPauseDuration().TotalSeconds:F1} s";
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return line + $" ; vivant après une collecte complète : {Mb(GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes)}";
    }
}
