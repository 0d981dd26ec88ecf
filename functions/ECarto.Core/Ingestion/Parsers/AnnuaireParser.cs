using ECarto.Establishments;
using ECarto.Sources;
using ECarto.Sources.Annuaire;

namespace ECarto.Ingestion.Parsers;

/// <summary>The annuaire: lines validated, then merged into one establishment per UAI (multi-line UAIs become sites).</summary>
public sealed class AnnuaireParser : SourceParser
{
    public override SourceDefinition Source => SourceCatalog.Annuaire;

    public override async Task<ParsedSource> ParseAsync(Stream raw, string sourceDate, IngestionProgress progress, CancellationToken cancellationToken)
    {
        var merged = new AnnuaireSchools(SourceAttribution.For(Source, sourceDate));
        var read = 0;
        using (var reader = await SourceText.OpenAsync(raw, cancellationToken))
        {
            await foreach (var row in AnnuaireReader.ReadAsync(reader, cancellationToken))
            {
                read++;
                if (row.Value is { } line) merged.Add(row.Line, line);
                else merged.Reject(row.Line, row.Rejection!);
                progress.Report(read);
            }
        }
        progress.Done(read);
        if (merged.SchoolCount == 0)
        {
            throw new SourceFormatException("Aucune ligne valide : le fichier est vide ou n'est pas l'annuaire.");
        }
        var schools = merged.Schools().ToList();
        return new ParsedSource(read, merged.Rejected, (staged, blob, ct) => staged.WriteAsync(blob, schools, ct)) { Note = merged.Note() };
    }
}
