using System.Globalization;
using System.Runtime.CompilerServices;
using CsvHelper;
using CsvHelper.Configuration;
using ECarto.Text;

namespace ECarto.Sources;

/// <summary>A column of a source file: its name in our code and the headers it has had across vintages.</summary>
public sealed record SourceColumn(string Name, bool Required, params string[] Headers);

/// <summary>A source file that cannot be read at all (as opposed to one bad row).</summary>
public sealed class SourceFormatException(string message) : Exception(message);

/// <summary>One data row of a delimited file, with its line number in the file (1 = header line).</summary>
public sealed class SourceRow(int line, string[] fields, IReadOnlyDictionary<string, int> columns, string[] header)
{
    private static readonly HashSet<string> MissingMarkers = new(StringComparer.OrdinalIgnoreCase) { "N.C.", "NC", "-", "#N/A", "N/A" };

    public int Line { get; } = line;

    /// <summary>The trimmed value, or null when the column is absent, blank or a « not communicated » marker.</summary>
    public string? this[string column]
    {
        get
        {
            if (!columns.TryGetValue(column, out var index) || index >= fields.Length) return null;
            var value = fields[index].Trim();
            return value.Length == 0 || MissingMarkers.Contains(value) ? null : value;
        }
    }

    /// <summary>
    /// The header, as written in the file, under which a column was found (« multi_uai » or
    /// « etablissement_multi_lignes »…); null when the file has no such column.
    /// </summary>
    public string? HeaderOf(string column) =>
        columns.TryGetValue(column, out var index) && index < header.Length ? header[index] : null;

    /// <summary>Fewer fields than the header: a truncated or broken line.</summary>
    public bool IsIncomplete => fields.Length < header.Length;

    public int FieldCount => fields.Length;
}

/// <summary>
/// Reads a `;`- or `,`-separated file whose columns are found by name, tolerant of case, accents and
/// the renames between vintages; optional columns may be missing. Rows stream one at a time.
/// </summary>
public static class DelimitedTable
{
    public static async IAsyncEnumerable<SourceRow> ReadAsync(
        TextReader reader,
        IReadOnlyList<SourceColumn> columns,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [";", ",", "\t"],
            BadDataFound = null,
            MissingFieldFound = null,
            TrimOptions = TrimOptions.None,
        };
        using var csv = new CsvReader(reader, configuration);
        if (!await csv.ReadAsync())
        {
            throw new SourceFormatException("Fichier vide : aucune ligne d'en-tête.");
        }
        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        var mapping = MapColumns(header, columns);

        while (await csv.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fields = csv.Parser.Record ?? [];
            if (fields.Length == 1 && string.IsNullOrWhiteSpace(fields[0])) continue;
            yield return new SourceRow(csv.Parser.RawRow, fields, mapping, header);
        }
    }

    /// <summary>
    /// Reads and parses every row; a second row with the key of an earlier one is rejected as its
    /// duplicate (« doublon de la ligne N (label) »).
    /// </summary>
    public static async IAsyncEnumerable<RowResult<T>> ReadUniqueAsync<T, TKey>(
        TextReader reader,
        IReadOnlyList<SourceColumn> columns,
        Func<SourceRow, RowResult<T>> parse,
        Func<T, TKey> key,
        Func<T, string> label,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class
        where TKey : notnull
    {
        var seen = new Dictionary<TKey, int>();
        await foreach (var row in ReadAsync(reader, columns, cancellationToken))
        {
            var result = parse(row);
            if (result.Value is { } value && !seen.TryAdd(key(value), row.Line))
            {
                result = RowResult<T>.Rejected(row.Line, $"doublon de la ligne {seen[key(value)]} ({label(value)})");
            }
            yield return result;
        }
    }

    /// <summary>Finds each column's index by its folded header; a required column that is missing fails the file.</summary>
    public static IReadOnlyDictionary<string, int> MapColumns(string[] header, IReadOnlyList<SourceColumn> columns)
    {
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            byKey.TryAdd(FrenchText.Key(header[i]), i);
        }
        var mapping = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var column in columns)
        {
            var found = column.Headers.Select(FrenchText.Key).FirstOrDefault(byKey.ContainsKey);
            if (found is not null) mapping[column.Name] = byKey[found];
            else if (column.Required) missing.Add(column.Headers[0]);
        }
        if (missing.Count > 0)
        {
            throw new SourceFormatException(
                $"Colonne(s) obligatoire(s) absente(s) : {string.Join(", ", missing)}. " +
                $"En-tête lu : {string.Join(", ", header.Take(12))}{(header.Length > 12 ? ", …" : "")}.");
        }
        return mapping;
    }
}
