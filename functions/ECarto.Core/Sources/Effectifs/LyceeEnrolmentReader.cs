using System.Runtime.CompilerServices;
using ECarto.Establishments;

namespace ECarto.Sources.Effectifs;

/// <summary>
/// Reads dataset fr-en-lycee_gt-effectifs-niveau-sexe-lv (pupils per lycée GT, one row per UAI and rentrée).
/// Only the identity and the total are kept; the 165 level/sex/language columns are ignored. A second
/// row for the same UAI and rentrée is rejected as a duplicate.
/// </summary>
public static class LyceeEnrolmentReader
{
    public static readonly IReadOnlyList<SourceColumn> Columns =
    [
        new("rentree", true, "rentree_scolaire", "Rentrée scolaire"),
        new("uai", true, "numero_lycee", "numero_uai", "uai"),
        new("pupils", true, "nombre_d_eleves", "nombre_eleves"),
        new("denomination", false, "denomination_principale"),
        new("patronym", false, "patronyme"),
        new("sector", false, "secteur"),
        new("commune", false, "commune"),
        new("departement", false, "departement"),
        new("academie", false, "academie"),
    ];

    public const int MaxPupils = 10_000;

    public static IAsyncEnumerable<RowResult<LyceeEnrolment>> ReadAsync(TextReader reader, CancellationToken cancellationToken = default) =>
        DelimitedTable.ReadUniqueAsync(reader, Columns, Parse, v => (v.Uai, v.Rentree), v => $"{v.Uai}, rentrée {v.Rentree}", cancellationToken);

    public static RowResult<LyceeEnrolment> Parse(SourceRow row)
    {
        if (row.IsIncomplete)
        {
            return RowResult<LyceeEnrolment>.Rejected(row.Line, $"ligne incomplète : {row.FieldCount} champs seulement (fichier tronqué ?)");
        }
        var uai = Uai.Normalize(row["uai"]);
        if (uai is null)
        {
            return RowResult<LyceeEnrolment>.Rejected(row.Line, $"UAI « {row["uai"]} » invalide : sept chiffres et une lettre attendus");
        }
        if (!SchoolYear.TryParse(row["rentree"], out var rentree))
        {
            return RowResult<LyceeEnrolment>.Rejected(row.Line, $"{uai} : rentrée scolaire « {row["rentree"]} » invalide");
        }
        int? pupils = null;
        if (row["pupils"] is { } text)
        {
            if (!SourceValues.TryParseDecimal(text, out var count) || count < 0 || count > MaxPupils || count != Math.Floor(count))
            {
                return RowResult<LyceeEnrolment>.Rejected(row.Line, $"{uai} : nombre d'élèves « {text} » hors de l'intervalle 0–{MaxPupils}");
            }
            pupils = (int)count;
        }
        var name = string.Join(' ', new[] { row["denomination"], row["patronym"] }.Where(p => p is not null));
        return RowResult<LyceeEnrolment>.Accepted(row.Line, new LyceeEnrolment
        {
            Uai = uai,
            Rentree = rentree,
            Pupils = pupils,
            Name = name.Length == 0 ? null : name,
            Sector = row["sector"],
            CommuneName = row["commune"],
            DepartementName = row["departement"],
            AcademieName = row["academie"],
        });
    }

    /// <summary>
    /// One record per UAI: its latest rentrée with a known pupil count, else its latest rentrée.
    /// Pure function; the input order does not matter.
    /// </summary>
    public static IReadOnlyDictionary<string, LyceeEnrolment> LatestByUai(IEnumerable<LyceeEnrolment> enrolments)
    {
        var latest = new Dictionary<string, LyceeEnrolment>(StringComparer.Ordinal);
        foreach (var e in enrolments)
        {
            if (!latest.TryGetValue(e.Uai, out var current) || IsBetter(e, current)) latest[e.Uai] = e;
        }
        return latest;
    }

    private static bool IsBetter(LyceeEnrolment candidate, LyceeEnrolment current)
    {
        if ((candidate.Pupils is null) != (current.Pupils is null)) return candidate.Pupils is not null;
        return candidate.Rentree > current.Rentree;
    }
}
