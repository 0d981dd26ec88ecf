using System.Globalization;
using System.Runtime.CompilerServices;
using CsvHelper;
using CsvHelper.Configuration;
using ECarto.Text;

namespace ECarto.Sources.Arcep;

/// <summary>One data line of an Arcep raw table, with its line number in the file and the table's header.</summary>
public sealed record ArcepRawLine(int Line, string[] Header, string[] Fields)
{
    /// <summary>Fewer fields than the header: a truncated or broken line.</summary>
    public bool IsIncomplete => Fields.Length < Header.Length;
}

/// <summary>
/// Reads Arcep's observatory layout: a few title lines, then a header line found by its content
/// (its first cell is « Code commune »), then the data. Comma- or `;`-separated.
/// </summary>
public static class ArcepRawTable
{
    /// <summary>Title lines tolerated before the header.</summary>
    public const int MaxTitleLines = 20;

    public static async IAsyncEnumerable<ArcepRawLine> ReadAsync(
        TextReader reader,
        string expectedHeader,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            DetectDelimiter = true,
            DetectDelimiterValues = [",", ";"],
            BadDataFound = null,
            MissingFieldFound = null,
            TrimOptions = TrimOptions.None,
        };
        using var csv = new CsvReader(reader, configuration);
        string[]? header = null;
        var before = 0;
        while (await csv.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fields = csv.Parser.Record ?? [];
            if (header is null)
            {
                if (IsHeader(fields))
                {
                    header = fields;
                }
                else if (++before > MaxTitleLines)
                {
                    break;
                }
                continue;
            }
            if (fields.All(string.IsNullOrWhiteSpace)) continue;
            yield return new ArcepRawLine(csv.Parser.RawRow, header, fields);
        }
        if (header is null)
        {
            throw new SourceFormatException(
                $"En-tête introuvable : aucune des {MaxTitleLines} premières lignes ne commence par « Code commune » (attendu : « {expectedHeader} »).");
        }
    }

    private static bool IsHeader(string[] fields) => fields.Length > 1 && FrenchText.Key(fields[0]) == "codecommune";
}
