using ECarto.Establishments;

namespace ECarto.Sources.Annuaire;

/// <summary>
/// Turns annuaire lines into establishments: one per UAI. A UAI's further lines (multi_uai = 1) become
/// sites of the same establishment, so no line overwrites another; an exact repeat of a line, or a
/// repeated UAI the source does not flag as multi-line, is rejected as a duplicate.
/// </summary>
public sealed class AnnuaireSchools(SourceAttribution source)
{
    private readonly Dictionary<string, List<(int Line, AnnuaireLine Value)>> _byUai = new(StringComparer.Ordinal);
    private readonly List<RejectedRow> _rejected = [];

    public IReadOnlyList<RejectedRow> Rejected => _rejected;

    public int LinesAccepted { get; private set; }

    public int SchoolCount => _byUai.Count;

    /// <summary>Adds a line; returns the reason when it is rejected as a duplicate.</summary>
    public string? Add(int line, AnnuaireLine value)
    {
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
                reason = $"{value.Uai} : UAI déjà lu ligne {lines[0].Line} et non signalé multi_uai";
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
            Sites = lines.Select(l => new SchoolSite(l.Name, l.Type, l.Address, l.PostalCode, l.CommuneCode, l.CommuneName, l.Latitude, l.Longitude)).ToList(),
            Source = source,
        };
    }

    private static bool SameSite(AnnuaireLine a, AnnuaireLine b) =>
        a.Name == b.Name && a.Type == b.Type && a.Address == b.Address && a.CommuneCode == b.CommuneCode;
}
