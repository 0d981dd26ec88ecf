using ECarto.Sources;
using ECarto.Sources.Cog;

namespace ECarto.Ingestion.Parsers;

/// <summary>The communes of the Code officiel géographique (current ones, arrondissements, former communes).</summary>
public sealed class CogParser : SourceParser
{
    public override SourceDefinition Source => CogSource.Definition;

    public override async Task<ParsedSource> ParseAsync(Stream raw, string sourceDate, IngestionProgress progress, CancellationToken cancellationToken)
    {
        var communes = new List<CogCommune>();
        var rejected = new List<RejectedRow>();
        var read = 0;
        await foreach (var row in CogReader.ReadCommunesAsync(raw, cancellationToken))
        {
            read++;
            progress.Report(read);
            if (row.Value is { } commune) communes.Add(commune);
            else rejected.Add(new RejectedRow(row.Line, row.Rejection!));
        }
        progress.Done(read);
        if (!communes.Any(c => c.Kind == CommuneKind.Current))
        {
            throw new SourceFormatException("Aucune commune actuelle : le fichier n'est pas le découpage administratif attendu.");
        }
        return new ParsedSource(read, rejected, (staged, blob, ct) => staged.WriteAsync(blob, communes, ct));
    }
}
