using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ECarto.Text;

namespace ECarto.Sources.Arcep;

/// <summary>
/// Reads Arcep's raw « Déploiement par commune » FttH table (ftthCommunes.csv): title lines, a header
/// « Code commune, Champ, T3 2017, … », then two lines per commune, « Locaux Raccordables » and
/// « Catégorie », one column per quarter. Yields one result per commune, on the line of its first line.
/// </summary>
public static partial class FtthCommuneReader
{
    public static readonly IReadOnlyList<SourceColumn> Columns =
    [
        new("code", true, "Code commune", "code_insee"),
        new("field", true, "Champ"),
    ];

    public const string ExpectedHeader = "Code commune, Champ, T3 2017, T4 2017, T1 2018";
    public static readonly IReadOnlySet<int> CoverageClasses = new HashSet<int> { 0, 5, 10, 25, 50, 80 };

    private const string PremisesField = "locauxraccordables";
    private const string ClassField = "categorie";

    [GeneratedRegex(@"^T([1-4])\s*(\d{4})$", RegexOptions.IgnoreCase)]
    private static partial Regex QuarterPattern();

    public static async IAsyncEnumerable<RowResult<FtthCommune>> ReadAsync(
        TextReader reader,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Layout? layout = null;
        Pending? pending = null;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var line in ArcepRawTable.ReadAsync(reader, ExpectedHeader, cancellationToken))
        {
            layout ??= Layout.From(line.Header);
            var rawCode = line.Fields.Length > layout.Code ? line.Fields[layout.Code].Trim() : "";
            var code = rawCode.ToUpperInvariant();
            if (!SourceValues.IsCommuneCode(code))
            {
                yield return RowResult<FtthCommune>.Rejected(line.Line, line.IsIncomplete
                    ? $"ligne incomplète : {line.Fields.Length} champs seulement (fichier tronqué ?)"
                    : $"code commune « {rawCode} » invalide");
                continue;
            }
            var field = line.Fields.Length > layout.Field ? FrenchText.Key(line.Fields[layout.Field]) : "";
            if (field is not (PremisesField or ClassField))
            {
                yield return RowResult<FtthCommune>.Rejected(line.Line, line.IsIncomplete
                    ? $"commune {code} : ligne incomplète ({line.Fields.Length} champs seulement, fichier tronqué ?)"
                    : $"commune {code} : champ « {line.Fields[layout.Field]} » inconnu (« Locaux Raccordables » ou « Catégorie » attendu)");
                continue;
            }
            if (pending is not null && (pending.Code != code || pending.Has(field)))
            {
                yield return Complete(pending, layout, seen);
                pending = null;
            }
            pending ??= new Pending(code, line.Line);
            pending.Add(field, line, layout);
        }
        if (pending is not null && layout is not null) yield return Complete(pending, layout, seen);
    }

    private static RowResult<FtthCommune> Complete(Pending pending, Layout layout, Dictionary<string, int> seen)
    {
        if (pending.Error is { } error) return RowResult<FtthCommune>.Rejected(pending.Line, $"commune {pending.Code} : {error}");
        if (pending.Premises is null || pending.Classes is null)
        {
            var missing = pending.Premises is null ? "Locaux Raccordables" : "Catégorie";
            return RowResult<FtthCommune>.Rejected(pending.Line, $"commune {pending.Code} : ligne « {missing} » absente, une seule des deux lignes de la commune");
        }
        if (!seen.TryAdd(pending.Code, pending.Line))
        {
            return RowResult<FtthCommune>.Rejected(pending.Line, $"doublon de la ligne {seen[pending.Code]} (commune {pending.Code})");
        }
        var quarters = layout.Quarters
            .Select((q, i) => new FtthQuarter(q.Label, pending.Premises[i], pending.Classes[i]))
            .ToList();
        var latest = quarters[^1];
        return RowResult<FtthCommune>.Accepted(pending.Line, new FtthCommune
        {
            CommuneCode = pending.Code,
            Quarter = latest.Quarter,
            FtthPremises = latest.Premises,
            CoverageClass = latest.CoverageClass,
            Quarters = quarters,
        });
    }

    /// <summary>Where the columns are: the code, the field name, and the quarters sorted oldest first.</summary>
    private sealed record Layout(int Code, int Field, IReadOnlyList<(string Label, int Index)> Quarters)
    {
        public static Layout From(string[] header)
        {
            var mapping = DelimitedTable.MapColumns(header, Columns);
            var quarters = new List<(string Label, int Index, int Order)>();
            for (var i = 0; i < header.Length; i++)
            {
                var match = QuarterPattern().Match(header[i].Trim());
                if (match.Success)
                {
                    var label = $"T{match.Groups[1].Value} {match.Groups[2].Value}";
                    quarters.Add((label, i, int.Parse(match.Groups[2].Value) * 10 + int.Parse(match.Groups[1].Value)));
                }
            }
            if (quarters.Count == 0)
            {
                throw new SourceFormatException($"Aucune colonne de trimestre (« T1 2018 ») dans l'en-tête : {string.Join(", ", header)}.");
            }
            return new Layout(mapping["code"], mapping["field"], quarters.OrderBy(q => q.Order).Select(q => (q.Label, q.Index)).ToList());
        }
    }

    /// <summary>The lines read so far for one commune.</summary>
    private sealed class Pending(string code, int line)
    {
        public string Code { get; } = code;
        public int Line { get; } = line;
        public int?[]? Premises { get; private set; }
        public int?[]? Classes { get; private set; }
        public string? Error { get; private set; }

        public bool Has(string field) => field == PremisesField ? Premises is not null : Classes is not null;

        public void Add(string field, ArcepRawLine line, Layout layout)
        {
            var values = new int?[layout.Quarters.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var (label, index) = layout.Quarters[i];
                if (index >= line.Fields.Length)
                {
                    Error ??= $"ligne {line.Line} incomplète : {line.Fields.Length} champs seulement (fichier tronqué ?)";
                    break;
                }
                var text = line.Fields[index].Trim();
                if (text.Length == 0 || text is "-" or "N.C." or "NC" or "#N/A") continue;
                if (!SourceValues.TryParseDecimal(text, out var number) || number < 0 || number != Math.Floor(number) || number > int.MaxValue)
                {
                    Error ??= $"valeur « {text} » ({label}) ligne {line.Line} : entier positif attendu";
                    continue;
                }
                if (field == ClassField && !CoverageClasses.Contains((int)number))
                {
                    Error ??= $"catégorie de couverture « {text} » ({label}) inconnue : 0, 5, 10, 25, 50 ou 80 attendu";
                    continue;
                }
                values[i] = (int)number;
            }
            if (field == PremisesField) Premises = values;
            else Classes = values;
        }
    }
}
