using ECarto.Establishments;
using ECarto.Sources;
using ECarto.Sources.Annuaire;

namespace ECarto.Tests.Sources;

/// <summary>The lycée voies (générale, technologique, professionnelle) read from the annuaire, on the real files.</summary>
public class AnnuaireVoiesTests
{
    private static async Task<List<RowResult<AnnuaireLine>>> ReadAsync(string path)
    {
        await using var file = File.OpenRead(path);
        using var reader = await SourceText.OpenAsync(file);
        var rows = new List<RowResult<AnnuaireLine>>();
        await foreach (var row in AnnuaireReader.ReadAsync(reader)) rows.Add(row);
        return rows;
    }

    private static bool? Flag(string raw) => raw switch { "1" => true, "0" => false, _ => null };

    [Fact]
    public async Task Every_line_of_the_real_annuaire_gets_the_voies_its_raw_columns_give()
    {
        var rows = await ReadAsync(TestData.AnnuairePath);
        var (header, raw) = TestData.AnnuaireRaw();
        int Col(string name) => Array.IndexOf(header, name);
        Assert.Equal(raw.Count, rows.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            var expected = new LyceeVoies(Flag(raw[i][Col("Voie_generale")]), Flag(raw[i][Col("Voie_technologique")]), Flag(raw[i][Col("Voie_professionnelle")]));
            Assert.Equal(expected.IsEmpty ? null : expected, rows[i].Value!.Voies);
        }
        Assert.True(rows.Count(r => r.Value!.Voies?.Professionnelle == true) > 100);

        // A cité scolaire: its collège line has every voie at 0, its lycée line the voies générale and technologique.
        var merged = new AnnuaireSchools(SourceAttribution.For(SourceCatalog.Annuaire, "2024-11-26"));
        foreach (var row in rows) merged.Add(row.Line, row.Value!);
        var cite = merged.Schools().Single(s => s.Uai == "0342266D");
        Assert.Equal(new LyceeVoies(true, true, false), cite.Voies);
        Assert.Equal(["college", "lycee", "lycee-gt"], SchoolScope.Groups(cite with { Types = SchoolScope.Types(cite.Types) }));
    }

    [Fact]
    public async Task A_lycee_is_general_and_technological_or_professional_from_its_voies_in_the_2023_vintage_too()
    {
        var merged = new AnnuaireSchools(SourceAttribution.For(SourceCatalog.Annuaire, "2023-06"));
        foreach (var row in await ReadAsync(VintageReaderTests.Vintage("annuaire_2023-06_ille-et-vilaine.csv"))) merged.Add(row.Line, row.Value!);
        var schools = merged.Schools().ToDictionary(s => s.Uai);
        // A lycée général (voie générale only) and a lycée polyvalent by nature whose voies are générale and technologique.
        Assert.Equal(new LyceeVoies(true, false, false), schools["0350778F"].Voies);
        Assert.Equal((true, false), SchoolScope.LyceeKind(schools["0350778F"]));
        Assert.Equal((true, false), SchoolScope.LyceeKind(schools["0352072M"]));
        // A collège's voies are all 0: it is no lycée of either kind.
        Assert.Equal((false, false), SchoolScope.LyceeKind(schools["0350785N"]));
        Assert.Equal(["college"], SchoolScope.Groups(schools["0350785N"] with { Types = SchoolScope.Types(schools["0350785N"].Types) }));
    }

    [Fact]
    public void The_voies_of_a_school_s_lines_merge_and_are_stored_with_the_school()
    {
        Assert.Equal(new LyceeVoies(true, false, true), LyceeVoies.Merge([new LyceeVoies(false, false, false), new LyceeVoies(true, null, true), null]));
        Assert.Null(LyceeVoies.Merge([null, null]));
        var school = new School
        {
            Uai = "0310036W", Name = "Lycée", Types = ["Lycée"], DepartementCode = "31", Sites = [],
            Source = SourceAttribution.For(SourceCatalog.Annuaire, "2024-11-26"), Voies = new LyceeVoies(null, false, true),
        };
        Assert.Equal(school.Voies, SchoolStore.FromEntity(SchoolStore.ToEntity(school, "v1")).Voies);
        Assert.Null(SchoolStore.FromEntity(SchoolStore.ToEntity(school with { Voies = null }, "v1")).Voies);
    }
}
