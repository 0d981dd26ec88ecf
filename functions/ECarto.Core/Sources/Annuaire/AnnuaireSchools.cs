using ECarto.Establishments;

namespace ECarto.Sources.Annuaire;

/// <summary>
/// Turns annuaire lines into establishments: one per UAI. A UAI's further lines (multi-site marker at 1,
/// « multi_uai » or « etablissement_multi_lignes » depending on the vintage) become sites of the same
/// establishment, so no line overwrites another and no site is lost; an exact repeat of a line, or a
/// repeated UAI the source does not flag as multi-site, is rejected as a duplicate with its line number.
/// </summary>
public sealed class AnnuaireSchools(SourceAttribution source)
{
    /// <summary>The multi-site marker's headers across vintages, for messages when a file has none.</summary>
    public const string MarkerHeaders = "multi_uai ou etablissement_multi_lignes";

    private readonly Dictionary<string, List<(int Line, AnnuaireLine Value)>> _byUai = new(StringComparer.Ordinal);
    private readonly List<RejectedRow> _rejected = [];
    private readonly SortedSet<string> _unknownEpsg = new(StringComparer.Ordinal);
    private string? _markerColumn;
    private int _projected, _unknownProjection;

    public IReadOnlyList<RejectedRow> Rejected => _rejected;

    public int LinesAccepted { get; private set; }

    public int SchoolCount => _byUai.Count;

    /// <summary>Accepted lines flagged multi-site by the source.</summary>
    public int MultiSiteLines { get; private set; }

    /// <summary>The header of the file's multi-site marker column; null when the file has none.</summary>
    public string? MarkerColumn => _markerColumn;

    /// <summary>
    /// The run's note: how many lines are multi-site and which column said so, how many points were
    /// converted from projected coordinates, how many lines were left without coordinates (unknown EPSG).
    /// </summary>
    public string Note()
    {
        var parts = new List<string>
        {
            _markerColumn is { } column
                ? $"{MultiSiteLines} ligne{(MultiSiteLines > 1 ? "s" : "")} multi-sites (colonne {column})"
                : $"aucune colonne multi-sites ({MarkerHeaders}) : un UAI répété est rejeté",
        };
        if (_projected > 0) parts.Add($"{_projected} ligne{(_projected > 1 ? "s" : "")} aux coordonnées converties depuis X/Y");
        if (_unknownProjection > 0)
        {
            parts.Add($"{_unknownProjection} ligne{(_unknownProjection > 1 ? "s" : "")} sans coordonnées : code EPSG inconnu ({string.Join(", ", _unknownEpsg.Select(e => e.Length == 0 ? "absent" : e))})");
        }
        return string.Join(" ; ", parts);
    }

    /// <summary>Adds a line; returns the reason when it is rejected as a duplicate.</summary>
    public string? Add(int line, AnnuaireLine value)
    {
        _markerColumn ??= value.MultiLineColumn;
        if (_byUai.TryGetValue(value.Uai, out var lines))
        {
            var same = lines.FirstOrDefault(l => SameSite(l.Value, value));
            string? reason = null;
            if (same.Value is not null)
            {
                reason = $"{value.Uai} : doublon exact de la ligne {same.Line}";
            }
            else if (!value.MultiLine && !lines.Any(l => l.Value.MultiLine))
            {
                reason = value.MultiLineColumn is { } column
                    ? $"{value.Uai} : UAI déjà lu ligne {lines[0].Line}, aucune de ses lignes n'est marquée multi-sites (colonne {column} à 0)"
                    : $"{value.Uai} : UAI déjà lu ligne {lines[0].Line}, et le fichier n'a aucune colonne multi-sites ({MarkerHeaders})";
            }
            if (reason is not null)
            {
                _rejected.Add(new RejectedRow(line, reason));
                return reason;
            }
            lines.Add((line, value));
        }
        else
        {
            _byUai[value.Uai] = [(line, value)];
        }
        LinesAccepted++;
        if (value.MultiLine) MultiSiteLines++;
        if (value.PointOrigin == PointOrigin.Projected) _projected++;
        else if (value.PointOrigin == PointOrigin.UnknownProjection)
        {
            _unknownProjection++;
            _unknownEpsg.Add(value.Epsg ?? "");
        }
        return null;
    }

    public void Reject(int line, string reason) => _rejected.Add(new RejectedRow(line, reason));

    public IEnumerable<School> Schools() => _byUai.Values.Select(lines => Merge(lines.Select(l => l.Value).ToList()));

    private School Merge(IReadOnlyList<AnnuaireLine> lines)
    {
        var first = lines[0];
        return new School
        {
            Uai = first.Uai,
            Name = first.Name,
            Types = lines.Select(l => l.Type).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
            Sector = first.Sector ?? lines.Select(l => l.Sector).FirstOrDefault(s => s is not null),
            NatureCode = first.NatureCode,
            Nature = first.Nature,
            Address = first.Address,
            PostalCode = first.PostalCode,
            CommuneCode = first.CommuneCode,
            CommuneName = first.CommuneName,
            DepartementCode = first.DepartementCode,
            DepartementName = first.DepartementName,
            AcademieCode = first.AcademieCode,
            AcademieName = first.AcademieName,
            RegionCode = first.RegionCode,
            RegionName = first.RegionName,
            Latitude = first.Latitude ?? lines.Select(l => l.Latitude).FirstOrDefault(v => v is not null),
            Longitude = first.Longitude ?? lines.Select(l => l.Longitude).FirstOrDefault(v => v is not null),
            Pupils = lines.Select(l => l.Pupils).FirstOrDefault(p => p is not null),
            Phone = first.Phone,
            Website = first.Website,
            Email = first.Email,
            PriorityEducation = first.PriorityEducation,
            Voies = LyceeVoies.Merge(lines.Select(l => l.Voies)),
            State = first.State ?? lines.Select(l => l.State).FirstOrDefault(s => s is not null),
            Sites = lines.Select(l => new SchoolSite(l.Name, l.Type, l.Address, l.PostalCode, l.CommuneCode, l.CommuneName, l.Latitude, l.Longitude)).ToList(),
            Source = source,
        };
    }

    private static bool SameSite(AnnuaireLine a, AnnuaireLine b) =>
        a.Name == b.Name && a.Type == b.Type && a.Address == b.Address && a.CommuneCode == b.CommuneCode;
}
