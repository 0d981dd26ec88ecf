using System.Globalization;
using System.Runtime.CompilerServices;

namespace ECarto.Sources.Arcep;

/// <summary>
/// Reads Arcep's list of mobile sites and converts each position to WGS84. The 2018 files have
/// `Operateur;X;Y;2G;3G;4G` with X/Y in Lambert-93; the quarterly files since (`code_op;nom_op;…;x;y;
/// latitude;longitude;…;site_2g;site_3g;site_4g;site_5g;…`) also give latitude/longitude, which are
/// used as published (their X/Y are in the local UTM zone overseas). Sites are not keyed: the same
/// operator may publish two sites at one position.
/// </summary>
public static class MobileSiteReader
{
    public static readonly IReadOnlyList<SourceColumn> Columns =
    [
        new("operator", true, "Operateur", "code_op", "operateur_code"),
        new("x", true, "X", "x_lambert93"),
        new("y", true, "Y", "y_lambert93"),
        new("2g", true, "2G", "site_2g"),
        new("3g", true, "3G", "site_3g"),
        new("4g", true, "4G", "site_4g"),
        new("latitude", false, "latitude"),
        new("longitude", false, "longitude"),
    ];

    /// <summary>Names of the metropolitan operators by MCC-MNC code.</summary>
    public static readonly IReadOnlyDictionary<string, string> Operators = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["20801"] = "Orange",
        ["20810"] = "SFR",
        ["20815"] = "Free Mobile",
        ["20820"] = "Bouygues Telecom",
    };

    public static async IAsyncEnumerable<RowResult<MobileSite>> ReadAsync(
        TextReader reader,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in DelimitedTable.ReadAsync(reader, Columns, cancellationToken))
        {
            yield return Parse(row);
        }
    }

    public static RowResult<MobileSite> Parse(SourceRow row)
    {
        if (row.IsIncomplete)
        {
            return RowResult<MobileSite>.Rejected(row.Line, $"ligne incomplète : {row.FieldCount} champs seulement (fichier tronqué ?)");
        }
        var code = row["operator"];
        if (code is not { Length: 5 } || !code.All(char.IsAsciiDigit))
        {
            return RowResult<MobileSite>.Rejected(row.Line, $"code opérateur « {code} » invalide : code MCC-MNC à cinq chiffres attendu");
        }
        if (row["latitude"] is not null || row["longitude"] is not null)
        {
            if (!SourceValues.TryReadPoint(row, out var lat, out var lon, out var problem))
            {
                return RowResult<MobileSite>.Rejected(row.Line, $"site {code} : {problem}");
            }
            SourceValues.TryParseDecimal(row["x"], out var px);
            SourceValues.TryParseDecimal(row["y"], out var py);
            return WithFlags(row, code, lat!.Value, lon!.Value, px, py);
        }
        if (row["x"] is null || row["y"] is null)
        {
            return RowResult<MobileSite>.Rejected(row.Line, $"site {code} : coordonnées X/Y absentes (vides ou « #N/A »)");
        }
        if (!SourceValues.TryParseDecimal(row["x"], out var x) || !SourceValues.TryParseDecimal(row["y"], out var y))
        {
            return RowResult<MobileSite>.Rejected(row.Line, $"site {code} : coordonnées illisibles (« {row["x"]} », « {row["y"]} »)");
        }
        if (!Lambert93.InDomain(x, y))
        {
            return RowResult<MobileSite>.Rejected(row.Line,
                $"site {code} : coordonnées ({F(x)}, {F(y)}) hors du domaine Lambert-93 (X 0–1 300 000, Y 6 000 000–7 200 000 ; Lambert II étendu ?)");
        }
        var (latitude, longitude) = Lambert93.ToWgs84(x, y);
        if (!FranceBounds.Contains(latitude, longitude))
        {
            return RowResult<MobileSite>.Rejected(row.Line, $"site {code} : position hors de France ({F(latitude)}, {F(longitude)})");
        }
        return WithFlags(row, code, latitude, longitude, x, y);
    }

    private static RowResult<MobileSite> WithFlags(SourceRow row, string code, double latitude, double longitude, double x, double y)
    {
        var flags = new bool[3];
        string[] columns = ["2g", "3g", "4g"];
        for (var i = 0; i < columns.Length; i++)
        {
            switch (row[columns[i]])
            {
                case "1": flags[i] = true; break;
                case "0": flags[i] = false; break;
                case var other:
                    return RowResult<MobileSite>.Rejected(row.Line, $"site {code} : indicateur {columns[i].ToUpperInvariant()} « {other} » invalide : 0 ou 1 attendu");
            }
        }
        return RowResult<MobileSite>.Accepted(row.Line, new MobileSite
        {
            OperatorCode = code,
            OperatorName = Operators.GetValueOrDefault(code),
            Latitude = latitude,
            Longitude = longitude,
            X = x,
            Y = y,
            Has2G = flags[0],
            Has3G = flags[1],
            Has4G = flags[2],
        });
    }

    private static string F(double value) => value.ToString("0.#####", CultureInfo.InvariantCulture);
}
