using ECarto.Establishments;
using ECarto.Sources;
using ECarto.Sources.Annuaire;
using ECarto.Sources.Arcep;
using ECarto.Sources.Colleges;
using ECarto.Sources.Ips;

namespace ECarto.Tests.Sources;

/// <summary>
/// Older and newer vintages of the sources, read by the real readers from real lines
/// (Sources/Vintages, provenance in its README.md).
/// </summary>
public class VintageReaderTests
{
    internal static string Vintage(string file) => Path.Combine(AppContext.BaseDirectory, "Sources", "Vintages", file);

    private const string Annuaire2023 = "annuaire_2023-06_ille-et-vilaine.csv";

    private static Task<List<RowResult<AnnuaireLine>>> ReadAnnuaireAsync(string text) =>
        ReaderTestKit.ReadTextAsync<AnnuaireLine>(text, AnnuaireReader.ReadAsync);

    /// <summary>The header and the line of one UAI of a vintage file, as templates for variants.</summary>
    private static (string Header, string Line) HeaderAndLine(string file, string uai)
    {
        var lines = ReaderTestKit.RawLines(Vintage(file));
        return (lines[0], lines.First(l => l.StartsWith(uai + ";", StringComparison.Ordinal)));
    }

    /// <summary>A line with some fields replaced, found by their header.</summary>
    private static string With(string header, string line, params (string Column, string Value)[] changes)
    {
        var columns = header.Split(';');
        var fields = line.Split(';');
        foreach (var (column, value) in changes) fields[Array.IndexOf(columns, column)] = value;
        return string.Join(';', fields);
    }

    private static AnnuaireSchools Merge(IEnumerable<RowResult<AnnuaireLine>> rows, out List<string?> reasons)
    {
        var merged = new AnnuaireSchools(SourceAttribution.For(SourceCatalog.Annuaire, "2023-06-08"));
        reasons = rows.Select(r => r.Value is { } v ? merged.Add(r.Line, v) : r.Rejection).ToList();
        return merged;
    }

    [Fact]
    public async Task The_2023_annuaire_is_read_with_its_own_headers()
    {
        var rows = await ReaderTestKit.ReadFileAsync<AnnuaireLine>(Vintage(Annuaire2023), AnnuaireReader.ReadAsync);

        Assert.Equal(5, rows.Count);
        Assert.All(rows, r => Assert.True(r.IsAccepted, $"ligne {r.Line} : {r.Rejection}"));
        var baulon = rows[0].Value!;
        Assert.Equal("0350122T", baulon.Uai);
        Assert.Equal("Ecole primaire publique les Lucioles", baulon.Name);
        Assert.Equal("35580", baulon.PostalCode);
        Assert.Equal("35016", baulon.CommuneCode);
        Assert.Equal("Baulon", baulon.CommuneName);
        Assert.Equal("35", baulon.DepartementCode);
        Assert.Equal(47.98614492070133, baulon.Latitude!.Value, 12);
        Assert.Equal(-1.9294895003671315, baulon.Longitude!.Value, 12);
        Assert.Equal(143, baulon.Pupils);
        Assert.Equal("OUVERT", baulon.State);
        Assert.False(baulon.MultiLine);
        // The 2023 multi-site marker is etablissement_multi_lignes (multi_uai since 2024).
        Assert.All(rows, r => Assert.Equal("etablissement_multi_lignes", r.Value!.MultiLineColumn));
        Assert.Equal(["0350852L", "0350778F", "0352072M"], rows.Where(r => r.Value!.MultiLine).Select(r => r.Value!.Uai));
        Assert.Equal(1314, rows.Single(r => r.Value!.Uai == "0350852L").Value!.Pupils);
    }

    [Fact]
    public async Task A_second_site_of_a_2023_multi_site_uai_is_kept_as_a_site()
    {
        // The annexe line as published, then the same UAI at its other address: the issue's lost site.
        var (header, annexe) = HeaderAndLine(Annuaire2023, "0350778F");
        var other = With(header, annexe, ("Nom_etablissement", "Lycée J-M de la Mennais"), ("Adresse_1", "2 rue du Collège"));
        var merged = Merge(await ReadAnnuaireAsync($"{header}\n{annexe}\n{other}\n"), out var reasons);

        Assert.Equal([null, null], reasons);
        var school = Assert.Single(merged.Schools());
        Assert.Equal(["20 square Charles de Gaulle", "2 rue du Collège"], school.Sites.Select(s => s.Address));
        Assert.Equal("2 lignes multi-sites (colonne etablissement_multi_lignes)", merged.Note());
    }

    [Fact]
    public async Task A_repeated_uai_without_the_marker_is_rejected_naming_the_marker_column()
    {
        var (header, moka) = HeaderAndLine(Annuaire2023, "0350785N");
        var other = With(header, moka, ("Adresse_1", "Autre adresse"));
        var merged = Merge(await ReadAnnuaireAsync($"{header}\n{moka}\n{other}\n"), out var reasons);

        Assert.Null(reasons[0]);
        Assert.Equal("0350785N : UAI déjà lu ligne 2, aucune de ses lignes n'est marquée multi-sites (colonne etablissement_multi_lignes à 0)", reasons[1]);
        Assert.Equal(3, Assert.Single(merged.Rejected).Line);
        Assert.Single(Assert.Single(merged.Schools()).Sites);
    }

    [Fact]
    public async Task A_file_without_any_marker_column_says_so_in_its_rejects_and_its_note()
    {
        // The real 2024 line of the lycée Pierre de Fermat, in a file that has no multi-site column.
        var lines = File.ReadLines(TestData.AnnuairePath).ToList();
        var header = lines[0].TrimStart('\uFEFF').Split(';');
        var fermat = lines.First(l => l.StartsWith("0310036W;", StringComparison.Ordinal)).Split(';');
        var marker = Array.IndexOf(header, "multi_uai");
        string Without(string[] fields) => string.Join(';', fields.Where((_, i) => i != marker));
        var other = (string[])fermat.Clone();
        other[Array.IndexOf(header, "Adresse_1")] = "Autre adresse";
        var merged = Merge(await ReadAnnuaireAsync($"{Without(header)}\n{Without(fermat)}\n{Without(other)}\n"), out var reasons);

        Assert.Equal("0310036W : UAI déjà lu ligne 2, et le fichier n'a aucune colonne multi-sites (multi_uai ou etablissement_multi_lignes)", reasons[1]);
        Assert.Equal(3, Assert.Single(merged.Rejected).Line);
        Assert.StartsWith("aucune colonne multi-sites", merged.Note());
    }

    [Fact]
    public async Task The_2026_annuaire_without_pupils_and_its_spreadsheet_copy_are_read()
    {
        var rows = await ReaderTestKit.ReadFileAsync<AnnuaireLine>(Vintage("annuaire_2026-05_val-de-marne.csv"), AnnuaireReader.ReadAsync);
        Assert.All(rows, r => Assert.True(r.IsAccepted, $"ligne {r.Line} : {r.Rejection}"));
        var doisneau = rows[0].Value!;
        Assert.Equal("0940176F", doisneau.Uai);
        Assert.Equal("Fresnes", doisneau.CommuneName);
        Assert.Equal("94", doisneau.DepartementCode);
        Assert.Null(doisneau.Pupils);
        Assert.Equal(48.75113972238502, doisneau.Latitude!.Value, 12);
        Assert.Equal("multi_uai", doisneau.MultiLineColumn);
        Assert.Equal("REP", rows[1].Value!.PriorityEducation);

        // Re-saved by a spreadsheet: two-digit département, dates JJ/MM/AAAA; « A FERMER » is kept as published.
        var tableur = await ReaderTestKit.ReadFileAsync<AnnuaireLine>(Vintage("annuaire_2026-05_bourgogne-franche-comte_tableur.csv"), AnnuaireReader.ReadAsync);
        Assert.All(tableur, r => Assert.True(r.IsAccepted, $"ligne {r.Line} : {r.Rejection}"));
        var mailleroncourt = tableur[0].Value!;
        Assert.Equal("70", mailleroncourt.DepartementCode);
        Assert.Equal("70322", mailleroncourt.CommuneCode);
        Assert.Equal("A FERMER", mailleroncourt.State);
        Assert.Equal("71", tableur[1].Value!.DepartementCode);

        var merged = Merge(tableur, out _);
        Assert.Equal(["A FERMER", "OUVERT"], merged.Schools().OrderBy(s => s.Uai).Select(s => s.State));
    }

    [Fact]
    public async Task Projected_coordinates_are_converted_when_latitude_and_longitude_are_absent()
    {
        // The 2023 line of Baulon as older exports ship it: X/Y and EPSG, no latitude/longitude.
        var (header, baulon) = HeaderAndLine(Annuaire2023, "0350122T");
        var projected = With(header, baulon, ("latitude", ""), ("longitude", ""));
        var line = Assert.Single(await ReadAnnuaireAsync($"{header}\n{projected}\n")).Value!;

        Assert.Equal(PointOrigin.Projected, line.PointOrigin);
        // Within a metre of the ministry's own latitude/longitude for the same X/Y.
        Assert.Equal(47.98614492070133, line.Latitude!.Value, 5);
        Assert.Equal(-1.9294895003671315, line.Longitude!.Value, 5);
        var merged = Merge([RowResult<AnnuaireLine>.Accepted(2, line)], out _);
        Assert.Equal("0 ligne multi-sites (colonne etablissement_multi_lignes) ; 1 ligne aux coordonnées converties depuis X/Y", merged.Note());
    }

    [Fact]
    public async Task An_unknown_epsg_code_keeps_the_line_without_coordinates_and_the_note_says_so()
    {
        var (header, baulon) = HeaderAndLine(Annuaire2023, "0350122T");
        var unknown = With(header, baulon, ("latitude", ""), ("longitude", ""), ("epsg", "EPSG:27572"));
        var unreadable = With(header, baulon.Replace("0350122T", "0350165P", StringComparison.Ordinal), ("latitude", ""), ("longitude", ""), ("coordonnee_X", "abc"));
        var rows = await ReadAnnuaireAsync($"{header}\n{unknown}\n{unreadable}\n");

        var line = rows[0].Value!;
        Assert.Null(line.Latitude);
        Assert.Null(line.Longitude);
        Assert.Equal(PointOrigin.UnknownProjection, line.PointOrigin);
        Assert.Equal("0350165P : coordonnées projetées illisibles (« abc », « 6776558.9 »)", rows[1].Rejection);
        var merged = Merge(rows, out _);
        Assert.EndsWith("1 ligne sans coordonnées : code EPSG inconnu (EPSG:27572)", merged.Note());
    }

    [Fact]
    public async Task The_colleges_file_exported_with_labels_for_headers_is_read()
    {
        var rows = await ReaderTestKit.ReadFileAsync<CollegeLine>(Vintage("colleges_libelles_ille-et-vilaine.csv"), CollegesReader.ReadAsync);

        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.True(r.IsAccepted, $"ligne {r.Line} : {r.Rejection}"));
        var querpon = rows[0].Value!;
        Assert.Equal("0350017D", querpon.Uai);
        Assert.Equal("Collège du Querpon", querpon.Name);
        Assert.Equal("COLLEGE", querpon.MainDenomination);
        Assert.Equal("DU QUERPON", querpon.Patronym);
        Assert.Equal("Public", querpon.Sector);
        Assert.Equal("Route DE CAMPEL, Maure-de-Bretagne", querpon.Address);
        Assert.Equal("35330", querpon.PostalCode);
        Assert.Equal("35168", querpon.CommuneCode);
        Assert.Equal("Val d'Anast", querpon.CommuneName);
        Assert.Equal("35", querpon.DepartementCode);
        Assert.Equal("Ille-et-Vilaine", querpon.DepartementName);
        Assert.Equal("Rennes", querpon.AcademieName);
        Assert.Equal("Bretagne", querpon.RegionName);
        Assert.Equal(47.89156984600312, querpon.Latitude!.Value, 12);
        Assert.Equal(-1.9895683290916766, querpon.Longitude!.Value, 12);
        Assert.Equal(327366.8, querpon.ProjectedX);
        Assert.Equal("EPSG:2154", querpon.Crs);
        Assert.Equal("Correcte", querpon.GeocodingQuality);
        Assert.Equal("COLLEGE", querpon.Nature);
        Assert.Equal("OUVERT", querpon.State);
        Assert.Equal(new DateOnly(1965, 5, 1), querpon.OpeningDate);

        Assert.Equal("CONTRAT D'ASSOCIATION TOUTES CLASSES", rows[1].Value!.PrivateContract);
        Assert.Equal("30 rue DE DINAN, BP 90223", rows[2].Value!.Address);
        Assert.Equal("A OUVRIR", rows[3].Value!.State);
        Assert.Equal("MANUEL", rows[3].Value!.GeocodingQuality);
    }

    [Theory]
    // Real 2024 collèges (data/annuaire): the published X/Y and EPSG code, and the published latitude/longitude.
    [InlineData("0071168G", 2154, 824876.1, 6433018.3, 44.98511168476998, 4.584419934777967)]
    [InlineData("9730020J", 2972, 353209.0, 545956.6, 4.937997093332722, -52.32393839584209)]
    [InlineData("9740042C", 2975, 335915.9, 7688850.9, -20.893340132831486, 55.422455336711415)]
    [InlineData("9710015P", 32620, 676302.3, 1806377.2, 16.332028081035617, -61.34962529479824)]
    [InlineData("9750005G", 32621, 563030.1, 5181349.8, 46.78271789016254, -56.17427535285994)]
    [InlineData("9760162X", 32738, 524282.9, 8588298.1, -12.769912365713084, 45.22372172962821)]
    public void Projected_coordinates_of_every_territory_convert_to_the_published_point(string uai, int epsg, double x, double y, double latitude, double longitude)
    {
        Assert.True(ProjectedCoordinates.TryToWgs84(epsg, x, y, out var lat, out var lon), uai);
        // Five decimals: about a metre.
        Assert.Equal(latitude, lat, 5);
        Assert.Equal(longitude, lon, 5);
    }

    [Fact]
    public async Task An_overseas_college_without_latitude_longitude_is_located_from_its_utm_coordinates()
    {
        var path = ReaderTestKit.SamplePath(CollegesSource.Definition);
        var lines = ReaderTestKit.RawLines(path);
        var reunion = lines.First(l => l.StartsWith("9740042C;", StringComparison.Ordinal));
        var line = Assert.Single(await ReaderTestKit.ReadTextAsync<CollegeLine>(
            $"{lines[0]}\n{With(lines[0], reunion, ("latitude", ""), ("longitude", ""))}\n", CollegesReader.ReadAsync)).Value!;

        Assert.Equal(-20.893340132831486, line.Latitude!.Value, 5);
        Assert.Equal(55.422455336711415, line.Longitude!.Value, 5);
        Assert.Equal("EPSG:2975", line.Crs);
    }

    [Theory]
    [InlineData("EPSG:2154", 2154)]
    [InlineData("epsg:2975", 2975)]
    [InlineData(" 32620 ", 32620)]
    public void Epsg_codes_are_read_with_or_without_their_prefix(string text, int code)
    {
        Assert.True(ProjectedCoordinates.TryParseCode(text, out var parsed));
        Assert.Equal(code, parsed);
        Assert.True(ProjectedCoordinates.IsSupported(parsed));
        Assert.False(ProjectedCoordinates.TryParseCode("Lambert 93", out _));
    }

    [Fact]
    public async Task The_ips_file_of_the_2016_to_2019_rentrees_with_labels_for_headers_is_read()
    {
        var rows = await ReaderTestKit.ReadFileAsync<CollegeIps>(Vintage("ips_colleges_libelles_2016-2019_nord.csv"), CollegeIpsReader.ReadAsync);

        Assert.Equal(5, rows.Count);
        Assert.All(rows, r => Assert.True(r.IsAccepted, $"ligne {r.Line} : {r.Rejection}"));
        var monnet = rows[0].Value!;
        Assert.Equal("0590046E", monnet.Uai);
        Assert.Equal(2016, monnet.Rentree);
        Assert.Equal(81.2, monnet.Ips);
        Assert.Null(monnet.IpsStandardDeviation);
        Assert.Equal("COLLEGE JEAN MONNET", monnet.Name);
        Assert.Equal("59139", monnet.CommuneCode);
        Assert.Equal("public", monnet.Sector);
        // The same collège at two rentrées is two rows, not a duplicate.
        Assert.Equal([(2016, 67.0), (2018, 68.2)], rows.Where(r => r.Value!.Uai == "0590062X").Select(r => (r.Value!.Rentree!.Value, r.Value!.Ips)));
        Assert.Equal("privé sous contrat", rows[2].Value!.Sector);
    }

    [Fact]
    public async Task The_quarterly_mobile_sites_file_gives_its_published_latitude_and_longitude()
    {
        var site = Assert.Single(await ReaderTestKit.ReadFileAsync<MobileSite>(Vintage("arcep_sites_mobiles_2024T1.csv"), MobileSiteReader.ReadAsync)).Value!;

        Assert.Equal("20801", site.OperatorCode);
        Assert.Equal("Orange", site.OperatorName);
        Assert.Equal(43.59021, site.Latitude);
        Assert.Equal(1.89946, site.Longitude);
        Assert.Equal(611098, site.X);
        Assert.Equal(6277414, site.Y);
        Assert.False(site.Has2G);
        Assert.True(site.Has3G);
        Assert.True(site.Has4G);
    }
}
