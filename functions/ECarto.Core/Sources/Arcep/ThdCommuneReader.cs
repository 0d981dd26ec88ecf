using System.Runtime.CompilerServices;
using ECarto.Text;

namespace ECarto.Sources.Arcep;

/// <summary>
/// Reads Arcep's raw Observatoire THD commune table (communes.csv): title lines, then a header found by
/// content. Numbers carry spaces as thousands separators; as the file documents, « - » means 0 (or
/// « no » for a flag, « none » for a list of operators), while a blank cell stays missing.
/// </summary>
public static class ThdCommuneReader
{
    public static readonly IReadOnlyList<SourceColumn> Columns =
    [
        new("code", true, "Code commune"),
        new("name", false, "Nom commune"),
        new("region", false, "Code région"),
        new("departement", false, "Code département"),
        new("epci", false, "Siren EPCI"),
        new("dwellings", true, "Logements"),
        new("establishments", true, "Établissements"),
        new("veryDense", false, "Zones très denses"),
        new("commitments", false, "Engagements L. 33-13"),
        new("intentions", false, "Intentions privées hors engagement L. 33-13"),
        new("rural", false, "Commune rurale"),
        new("mountain", false, "Commune de montagne"),
    ];

    public const string ExpectedHeader = "Code commune, Nom commune, …, Logements, Établissements, …";

    public static async IAsyncEnumerable<RowResult<ThdCommune>> ReadAsync(
        TextReader reader,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IReadOnlyDictionary<string, int>? mapping = null;
        var operatorsColumn = -1;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var line in ArcepRawTable.ReadAsync(reader, ExpectedHeader, cancellationToken))
        {
            if (mapping is null)
            {
                mapping = DelimitedTable.MapColumns(line.Header, Columns);
                // « OI 2018 T1 »: the column is named after the quarter.
                operatorsColumn = Array.FindIndex(line.Header, h => FrenchText.Fold(h).StartsWith("oi ", StringComparison.Ordinal) || FrenchText.Key(h) == "oi");
            }
            var result = Parse(line, mapping, operatorsColumn);
            if (result.Value is { } value && !seen.TryAdd(value.CommuneCode, line.Line))
            {
                result = RowResult<ThdCommune>.Rejected(line.Line, $"doublon de la ligne {seen[value.CommuneCode]} (commune {value.CommuneCode})");
            }
            yield return result;
        }
    }

    private static RowResult<ThdCommune> Parse(ArcepRawLine line, IReadOnlyDictionary<string, int> mapping, int operatorsColumn)
    {
        string? Raw(string column) => mapping.TryGetValue(column, out var i) && i < line.Fields.Length ? line.Fields[i].Trim() : null;
        string? Text(string column) => Raw(column) is { Length: > 0 } v && v != "-" ? v : null;

        if (line.IsIncomplete)
        {
            return RowResult<ThdCommune>.Rejected(line.Line, $"ligne incomplète : {line.Fields.Length} champs seulement (fichier tronqué ?)");
        }
        var code = Raw("code")?.ToUpperInvariant();
        if (!SourceValues.IsCommuneCode(code))
        {
            return RowResult<ThdCommune>.Rejected(line.Line, $"code commune « {Raw("code")} » invalide");
        }
        string? error = null;
        int? Count(string column, string label)
        {
            var text = Raw(column);
            if (string.IsNullOrEmpty(text)) return null;
            if (text == "-") return 0;
            if (SourceValues.TryParseDecimal(text, out var n) && n >= 0 && n == Math.Floor(n) && n <= int.MaxValue) return (int)n;
            error ??= $"{code} : {label} « {text} » : entier positif ou « - » attendu";
            return null;
        }
        bool? Flag(string column, string label)
        {
            var text = Raw(column);
            if (string.IsNullOrEmpty(text)) return null;
            if (text is "-" or "0") return false;
            if (text == "1") return true;
            error ??= $"{code} : {label} « {text} » : 1 ou « - » attendu";
            return null;
        }

        var dwellings = Count("dwellings", "logements");
        var establishments = Count("establishments", "établissements");
        var veryDense = Flag("veryDense", "zone très dense");
        var intentions = Flag("intentions", "intentions privées");
        var rural = Flag("rural", "commune rurale");
        var mountain = Count("mountain", "commune de montagne");
        var epci = Text("epci");
        if (epci is not null && (epci.Length != 9 || !epci.All(char.IsAsciiDigit)))
        {
            error ??= $"{code} : SIREN de l'EPCI « {epci} » invalide : neuf chiffres attendus";
        }
        if (error is not null) return RowResult<ThdCommune>.Rejected(line.Line, error);

        var operators = operatorsColumn >= 0 && operatorsColumn < line.Fields.Length ? line.Fields[operatorsColumn].Trim() : "";
        return RowResult<ThdCommune>.Accepted(line.Line, new ThdCommune
        {
            CommuneCode = code!,
            CommuneName = Text("name"),
            RegionCode = Text("region"),
            DepartementCode = Text("departement"),
            EpciSiren = epci,
            Dwellings = dwellings,
            Establishments = establishments,
            VeryDenseZone = veryDense,
            L3313Commitments = Text("commitments"),
            PrivateIntentions = intentions,
            Rural = rural,
            MountainCode = mountain,
            FtthOperators = operators.Length == 0 || operators == "-" ? null : operators,
        });
    }
}
