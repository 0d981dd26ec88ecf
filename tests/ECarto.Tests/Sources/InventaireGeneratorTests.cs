using System.Text;
using ECarto.Establishments;
using ECarto.Sources;
using ECarto.Sources.Annuaire;
using ECarto.Sources.Inventaire;

namespace ECarto.Tests.Sources;

/// <summary>The demonstration generator run on the real schools of the annuaire sample.</summary>
public class InventaireGeneratorTests
{
    private static readonly DateOnly Date = new(2024, 11, 26);

    private static readonly Lazy<List<School>> Schools = new(() => TestData.AnnuaireSchools());

    private static readonly Lazy<IReadOnlyList<InventaireRecord>> Records = new(() => InventaireGenerator.Generate(Schools.Value, Date));

    private static bool Covered(School s) => s.Types.Any(t => t is "Ecole" or "Collège" or "Lycée");

    private static List<InventaireRecord> Colleges()
    {
        var colleges = Schools.Value.Where(s => s.Types.Contains("Collège")).Select(s => s.Uai).ToHashSet();
        return Records.Value.Where(r => colleges.Contains(r.Uai)).ToList();
    }

    /// <summary>
    /// The collèges as if a source gave their pupils (the size their equipment is scaled to): ETIC's figures
    /// are per pupil, so the calibration is checked where the pupils are known.
    /// </summary>
    private static readonly Lazy<List<InventaireRecord>> CollegesWithPupils = new(() =>
        InventaireGenerator.Generate(
            Schools.Value.Where(s => s.Types.Contains("Collège")).Select(s => s with { Pupils = InventaireGenerator.SizeBasis(s) }),
            Date).ToList());

    [Fact]
    public void One_record_per_ecole_college_and_lycee_ordered_by_uai_and_none_for_other_types()
    {
        var expected = Schools.Value.Where(Covered).Select(s => s.Uai).Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.Count > 5000, "the sample has ~5,800 écoles, collèges and lycées");
        Assert.Equal(expected, Records.Value.Select(r => r.Uai));
        var medicoSocial = Schools.Value.First(s => s.Types.SequenceEqual(["Médico-social"]));
        Assert.Null(InventaireGenerator.Generate(medicoSocial, Date));
        Assert.Equal(654, Colleges().Count);
    }

    [Fact]
    public void Two_runs_give_the_same_records()
    {
        var again = InventaireGenerator.Generate(Schools.Value, Date);
        Assert.Equal(Records.Value, again);
    }

    [Fact]
    public void A_schools_record_depends_neither_on_the_other_schools_nor_on_their_order()
    {
        var subset = Schools.Value.Where((_, i) => i % 7 == 3).Reverse().ToList();
        var full = Records.Value.ToDictionary(r => r.Uai);
        var partial = InventaireGenerator.Generate(subset, Date);

        Assert.Equal(subset.Count(Covered), partial.Count);
        Assert.All(partial, r => Assert.Equal(full[r.Uai], r));
        var shuffled = InventaireGenerator.Generate(Schools.Value.OrderBy(s => s.Name, StringComparer.Ordinal), Date);
        Assert.Equal(Records.Value, shuffled);
    }

    [Fact]
    public void The_draws_are_pinned_to_the_uai_across_processes()
    {
        // A hash that changed between processes (string.GetHashCode) or runtimes would move these values.
        var fermat = Records.Value.Single(r => r.Uai == "0310036W");
        var albi = Records.Value.Single(r => r.Uai == "0810052S");
        Assert.Equal(PinnedFermat, Describe(fermat));
        Assert.Equal(PinnedAlbi, Describe(albi));
    }

    // The annuaire gives no pupils for these two: the record has none (the equipment is scaled to a plausible size).
    private const string PinnedFermat = "|337|0|29|45|1|100_et_plus|682.3|toutes_salles|100|True|ENT Occitanie|7";
    private const string PinnedAlbi = "|110|0|9|5|1|100_et_plus|286.1|toutes_salles|100|True|ENT Occitanie|6";

    private static string Describe(InventaireRecord r) =>
        $"{r.Pupils}|{r.Devices}|{r.MobileDevices}|{r.InteractiveBoards}|{r.Projectors}|{r.Printers3D}|{r.BandwidthBand}|" +
        $"{r.MeasuredBandwidthMbps?.ToString(System.Globalization.CultureInfo.InvariantCulture)}|{r.Wifi}|{r.ConnectedRoomsPercent}|{r.HasEnt}|{r.EntName}|{r.DigitalResources}";

    [Fact]
    public void Every_record_is_flagged_as_demonstration_with_the_demonstration_source()
    {
        Assert.All(Records.Value, r =>
        {
            Assert.True(r.IsDemonstration);
            Assert.Equal(InventaireGenerator.DemonstrationSource, r.Source);
            Assert.Equal(Date, r.ObservationDate);
        });
        Assert.Contains("non réelles", InventaireGenerator.DemonstrationSource);
    }

    [Fact]
    public void Pupils_come_from_the_sources_and_are_never_invented()
    {
        var byUai = Records.Value.ToDictionary(r => r.Uai);
        var covered = Schools.Value.Where(Covered).ToList();
        var withPupils = covered.Where(s => s.Pupils is not null).ToList();
        Assert.True(withPupils.Count > 4000);
        // Every record carries exactly the pupils its school's sources give: none made up where they give none.
        Assert.All(covered, s => Assert.Equal(s.Pupils, byUai[s.Uai].Pupils));
        // The annuaire has no head count for collèges: their records have none, yet their equipment is there.
        var colleges = Colleges();
        Assert.All(colleges, r =>
        {
            Assert.Null(r.Pupils);
            Assert.NotNull(r.Devices);
        });
        // The size their equipment is scaled to is plausible, and stays out of the record.
        var sizes = Schools.Value.Where(s => s.Types.Contains("Collège")).Select(s => InventaireGenerator.SizeBasis(s)!.Value).ToList();
        Assert.All(sizes, p => Assert.InRange(p, 60, 1100));
        Assert.InRange(sizes.Average(), 400, 560);
    }

    [Fact]
    public async Task No_pupil_count_is_written_for_a_school_whose_sources_give_none()
    {
        // The CSV the default run ingests: a collège's nb_eleves cell is empty (N.C.), not an estimate.
        var college = Schools.Value.First(s => s.Types.Contains("Collège") && s.Pupils is null);
        var writer = new StringWriter();
        await InventaireGenerator.WriteCsvAsync(InventaireGenerator.Generate([college], Date), writer);
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var cells = lines[1].Split(',');
        Assert.Equal(college.Uai, cells[Array.IndexOf(header, "uai")]);
        Assert.Equal("", cells[Array.IndexOf(header, "nb_eleves")]);
        Assert.NotEqual("", cells[Array.IndexOf(header, "nb_terminaux")]);
        Assert.Equal("demonstration", header[^1]);
        Assert.Equal("true", cells[^1]);
    }

    [Fact]
    public async Task What_it_writes_the_reader_accepts_whole()
    {
        var writer = new StringWriter();
        await InventaireGenerator.WriteCsvAsync(Records.Value, writer);
        var text = writer.ToString();
        Assert.StartsWith("uai,date_observation,", text);
        Assert.Contains("\"Démonstration eCarto — données générées, non réelles\"", text);

        using var reader = await SourceText.OpenAsync(new MemoryStream(new UTF8Encoding(false).GetBytes(text)));
        var rows = new List<RowResult<InventaireRecord>>();
        await foreach (var row in InventaireReader.ReadAsync(reader)) rows.Add(row);

        Assert.Empty(rows.Where(r => !r.IsAccepted).Select(r => $"ligne {r.Line} : {r.Rejection}"));
        Assert.Equal(Records.Value, rows.Select(r => r.Value!));
    }

    [Fact]
    public void Collèges_match_the_published_etic_figures()
    {
        var colleges = CollegesWithPupils.Value;
        // Giving the pupils changes no equipment figure: only the record's pupils differ.
        var generated = Colleges().ToDictionary(r => r.Uai);
        Assert.All(colleges, r => Assert.Equal(generated[r.Uai], r with { Pupils = null }));
        var pupils = (double)colleges.Sum(r => r.Pupils!.Value);
        var devices = (double)colleges.Sum(r => r.Devices!.Value);
        var ratios = colleges.Select(r => 100.0 * r.Devices!.Value / r.Pupils!.Value).Order().ToList();

        // 22 terminals per 100 pupils, both over the whole fleet and as the mean of the collèges.
        Assert.InRange(100 * devices / pupils, 19, 25);
        Assert.InRange(ratios.Average(), 19, 25);
        // The 10 % least equipped have fewer than 12.3 per 100 pupils, the 10 % best equipped more than 36.9.
        Assert.InRange(Quantile(ratios, 0.10), 12.3 - 3, 12.3 + 3);
        Assert.InRange(Quantile(ratios, 0.90), 36.9 - 3, 36.9 + 3);
        // Mobile terminals: 17 % of the fleet.
        Assert.InRange(100 * colleges.Sum(r => r.MobileDevices!.Value) / devices, 14, 20);
        // Two thirds of collèges have an ENT.
        Assert.InRange(colleges.Count(r => r.HasEnt == true) / (double)colleges.Count, 2.0 / 3 - 0.07, 2.0 / 3 + 0.07);
        // Per 1,000 pupils: 11 interactive boards, 31 projectors.
        Assert.InRange(1000 * colleges.Sum(r => r.InteractiveBoards!.Value) / pupils, 9, 13);
        Assert.InRange(1000 * colleges.Sum(r => r.Projectors!.Value) / pupils, 27, 35);
        // 92 % of collèges have Internet in more than half of their classrooms.
        Assert.InRange(colleges.Count(r => r.ConnectedRoomsPercent > 50) / (double)colleges.Count, 0.87, 0.97);
    }

    [Fact]
    public void Small_collèges_are_better_equipped_than_large_ones()
    {
        var colleges = CollegesWithPupils.Value;
        double Ratio(IEnumerable<InventaireRecord> rs) => 100.0 * rs.Sum(r => r.Devices!.Value) / rs.Sum(r => r.Pupils!.Value);
        var small = colleges.Where(r => r.Pupils < 300).ToList();
        var large = colleges.Where(r => r.Pupils > 700).ToList();
        Assert.True(small.Count > 30 && large.Count > 30, $"{small.Count} small, {large.Count} large");
        // ETIC: 31 per 100 pupils under 300 pupils.
        Assert.InRange(Ratio(small), 27, 35);
        Assert.True(Ratio(small) > Ratio(large) + 5, $"small {Ratio(small):F1}, large {Ratio(large):F1}");
    }

    [Fact]
    public void Bandwidth_wifi_and_ent_values_are_consistent_and_realistic()
    {
        var byUai = Schools.Value.ToDictionary(s => s.Uai);
        Assert.All(Records.Value, r =>
        {
            Assert.Equal(BandwidthBands.Of(r.MeasuredBandwidthMbps!.Value), r.BandwidthBand);
            Assert.InRange(r.MobileDevices!.Value, 0, r.Devices!.Value);
            if (r.Wifi == WifiCoverage.AllRooms) Assert.Equal(100, r.ConnectedRoomsPercent);
            Assert.Equal(r.HasEnt == true, r.EntName is not null);
        });
        // Every school of the sample is in Occitanie: its collèges and lycées use the ENT Occitanie.
        var secondDegree = Records.Value.Where(r => r.HasEnt == true && !byUai[r.Uai].Types.Contains("Ecole")).ToList();
        Assert.NotEmpty(secondDegree);
        Assert.All(secondDegree, r => Assert.Equal("ENT Occitanie", r.EntName));
        // Both bands of the EPLE survey occur among collèges, most of them above 10 Mbit/s.
        var bands = Colleges().GroupBy(r => r.BandwidthBand!).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(bands[BandwidthBands.From2To10] > 30);
        Assert.True(bands[BandwidthBands.From10To100] + bands[BandwidthBands.AtLeast100] > Colleges().Count / 2);
    }

    [Fact]
    public void Access_types_follow_the_measured_band()
    {
        Assert.All(Records.Value, r => Assert.Contains(r.AccessType, AccessTypes.All));
        // Fibre above 100 Mbit/s (cable and fixed 4G aside), never under 10 Mbit/s; copper is the slow wire.
        var fast = Records.Value.Where(r => r.BandwidthBand == BandwidthBands.AtLeast100).ToList();
        Assert.All(fast, r => Assert.Contains(r.AccessType, new[] { AccessTypes.Fibre, AccessTypes.Cable, AccessTypes.Mobile4G }));
        Assert.True(fast.Count(r => r.AccessType == AccessTypes.Fibre) > 0.85 * fast.Count);
        var slow = Records.Value.Where(r => r.BandwidthBand is BandwidthBands.Below2 or BandwidthBands.From2To10).ToList();
        Assert.DoesNotContain(slow, r => r.AccessType == AccessTypes.Fibre);
        Assert.True(slow.Count(r => r.AccessType == AccessTypes.Copper) > 0.7 * slow.Count);
        // Every kind occurs, and the fibre share of the collèges is plausible.
        Assert.Equal(AccessTypes.All.Order(), Records.Value.Select(r => r.AccessType!).Distinct().Order());
        var fibre = Colleges().Count(r => r.AccessType == AccessTypes.Fibre) / (double)Colleges().Count;
        Assert.InRange(fibre, 0.3, 0.7);
        Assert.Equal(AccessTypes.Fibre, Records.Value.Single(r => r.Uai == "0310036W").AccessType);
    }

    [Fact]
    public void Experimentations_are_rare_and_only_where_the_programme_ran()
    {
        var byUai = Schools.Value.ToDictionary(s => s.Uai);
        var records = Records.Value;
        var eFran = records.Count(r => r.EFran == true);
        var proFan = records.Where(r => r.ProFan == true).ToList();
        var labs = records.Where(r => r.CollegeLab == true).ToList();

        Assert.InRange(eFran, 1, records.Count / 50);
        Assert.NotEmpty(proFan);
        Assert.All(proFan, r =>
        {
            var school = byUai[r.Uai];
            Assert.Contains("Lycée", school.Types);
            Assert.Contains("PROFESSIONNEL", school.Nature);
            Assert.Equal("Public", school.Sector);
        });
        Assert.NotEmpty(labs);
        Assert.All(labs, r => Assert.Contains("Collège", byUai[r.Uai].Types));
        Assert.InRange(labs.Count, 1, Colleges().Count / 20);
        Assert.All(records, r => Assert.False(r.EFran is null || r.ProFan is null || r.CollegeLab is null));
    }

    private static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        var position = p * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
}
