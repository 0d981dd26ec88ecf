using ECarto.Sources;
using Microsoft.Extensions.Logging;

namespace ECarto.Ingestion;

/// <summary>What parsing a source file gave: counts, rejected lines, and its validated rows to stage.</summary>
public sealed record ParsedSource(int Read, IReadOnlyList<RejectedRow> Rejected, Func<StagedData, string, CancellationToken, Task<int>> StageAsync)
{
    public int Accepted => Read - Rejected.Count;

    /// <summary>What the run record says about this file (in French), e.g. « 412 lignes multi-sites (colonne etablissement_multi_lignes) ».</summary>
    public string? Note { get; init; }
}

/// <summary>Turns one source's raw file into validated rows. One per source; the run around it is shared.</summary>
public abstract class SourceParser
{
    public abstract SourceDefinition Source { get; }

    public abstract Task<ParsedSource> ParseAsync(Stream raw, string sourceDate, IngestionProgress progress, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a demonstration file to ingest when no real location is configured for a source that has
    /// no real file yet; null when the source has none (it then reads its sample file).
    /// </summary>
    public virtual Task<bool> WriteDemonstrationAsync(string path, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>
    /// A delimited source read row by row: every accepted row is staged as is, every rejected one reported
    /// (readers reject duplicates themselves, see <see cref="DelimitedTable.ReadUniqueAsync"/>).
    /// </summary>
    protected static async Task<ParsedSource> ParseRowsAsync<T>(
        Stream raw,
        Func<TextReader, CancellationToken, IAsyncEnumerable<RowResult<T>>> read,
        IngestionProgress progress,
        CancellationToken cancellationToken) where T : class
    {
        var accepted = new List<T>();
        var rejected = new List<RejectedRow>();
        var count = 0;
        using var reader = await SourceText.OpenAsync(raw, cancellationToken);
        await foreach (var row in read(reader, cancellationToken))
        {
            count++;
            progress.Report(count);
            var value = row.Value;
            if (value is null)
            {
                rejected.Add(new RejectedRow(row.Line, row.Rejection!));
                continue;
            }
            accepted.Add(value);
        }
        progress.Done(count);
        return new ParsedSource(count, rejected, (staged, blob, ct) => staged.WriteAsync(blob, accepted, ct));
    }
}
