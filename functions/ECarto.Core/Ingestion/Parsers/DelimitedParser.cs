using ECarto.Sources;

namespace ECarto.Ingestion.Parsers;

/// <summary>A delimited source whose validated rows are staged as they are (its reader rejects duplicates).</summary>
public sealed class DelimitedParser<T>(SourceDefinition source, Func<TextReader, CancellationToken, IAsyncEnumerable<RowResult<T>>> read) : SourceParser
    where T : class
{
    public override SourceDefinition Source => source;

    public override Task<ParsedSource> ParseAsync(Stream raw, string sourceDate, IngestionProgress progress, CancellationToken cancellationToken) =>
        ParseRowsAsync(raw, read, progress, cancellationToken);
}
