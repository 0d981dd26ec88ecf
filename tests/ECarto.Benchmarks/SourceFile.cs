using ECarto.Ingestion;
using ECarto.Sources;

namespace ECarto.Benchmarks;

/// <summary>
/// The file a source's run reads: its configured or sample file, or, for a source with no real file yet
/// (the inventaire), a demonstration file generated as its run does. A generated file is deleted on dispose.
/// </summary>
public sealed class SourceFile : IDisposable
{
    private SourceFile(string path, PhaseCost? generation)
    {
        Path = path;
        Generation = generation;
    }

    public string Path { get; }

    /// <summary>The cost of generating the demonstration file; null for a real file.</summary>
    public PhaseCost? Generation { get; }

    /// <summary>The job's file, or null when it has none here (a URL, or a missing file).</summary>
    public static async Task<SourceFile?> OpenAsync(ResourceMeter meter, IngestionJob job, SourceLocations locations, CancellationToken cancellationToken)
    {
        var location = locations.Location(job.Source);
        if (!locations.IsConfigured(job.Source))
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ecarto-bench-{job.Source.Id}-{Guid.NewGuid():N}.csv");
            var (written, generation) = await meter.MeasureAsync(() => job.Parser.WriteDemonstrationAsync(path, cancellationToken));
            if (written) return new SourceFile(path, generation);
            File.Delete(path);
        }
        return SourceLocations.IsUrl(location) || !File.Exists(location) ? null : new SourceFile(location, null);
    }

    public Task<ParsedSource> ParseAsync(IngestionJob job, IngestionProgress progress, CancellationToken cancellationToken)
    {
        var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return ParseAndCloseAsync();

        async Task<ParsedSource> ParseAndCloseAsync()
        {
            await using (stream) return await job.Parser.ParseAsync(stream, "2024-01-01", progress, cancellationToken);
        }
    }

    public void Dispose()
    {
        if (Generation is not null) File.Delete(Path);
    }
}
