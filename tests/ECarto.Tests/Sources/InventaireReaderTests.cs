using System.Text;
using ECarto.Sources;
using ECarto.Sources.Inventaire;

namespace ECarto.Tests.Sources;

/// <summary>The inventaire reader validates every row against the Table Schema.</summary>
public class InventaireReaderTests
{
    private static string ExamplePath => Path.Combine(TestData.Root, "schemas", "inventaire-numerique", "exemple-valide.csv");

    private static async Task<List<RowResult<InventaireRecord>>> ReadAsync(Stream stream)
    {
        using var reader = await SourceText.OpenAsync(stream);
        var rows = new List<RowResult<InventaireRecord>>();
        await foreach (var row in InventaireReader.ReadAsync(reader)) rows.Add(row);
        return rows;
    }

    private static Task<List<RowResult<InventaireRecord>>> ReadTextAsync(string text, Encoding? encoding = null) =>
        ReadAsync(new MemoryStream((encoding ?? new UTF8Encoding(false)).GetBytes(text)));

    /// <summary>The example's header and its collège line, split into fields.</summary>
    private static (string[] Header, string[] College) Example()
    {
        var lines = File.ReadAllLines(ExamplePath);
        var college = lines.Single(l => l.StartsWith("0810052S,", StringComparison.Ordinal));
        return (Split(lines[0]), Split(college));
    }

    /// <summary>A CSV line split on commas outside double quotes (RFC 4180).</summary>
    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString());
        return fields.ToArray();
    }

    /// <summary>A CSV line of the fields with some changed by column name, quoted where needed.</summary>
    private static string Line(string[] header, string[] fields, params (string Column, string Value)[] changes)
    {
        Assert.Equal(header.Length, fields.Length);
        var copy = fields.ToArray();
        foreach (var (column, value) in changes)
        {
            var index = Array.IndexOf(header, column);
            Assert.True(index >= 0, column);
            copy[index] = value;
        }
        return string.Join(',', copy.Select(v => v.Contains(',') || v.Contains('"') ? $"\"{v.Replace("\"", "\"\"")}\"" : v));
    }

    [Fact]
    public async Task The_example_file_of_the_schema_is_read_whole_with_typed_values()
    {
        await using var file = File.OpenRead(ExamplePath);
        var rows = await ReadAsync(file);

        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.True(r.IsAccepted, $"ligne {r.Line} : {r.Rejection}"));
        Assert.Equal([2, 3, 4, 5], rows.Select(r => r.Line));
        var college = rows[1].Value!;
        Assert.Equal("0810052S", college.Uai);
        Assert.Equal(new DateOnly(2024, 11, 26), college.ObservationDate);
        Assert.Equal(545, college.Pupils);
        Assert.Equal(118, college.Devices);
        Assert.Equal(22, college.MobileDevices);
        Assert.Equal(BandwidthBands.From10To100, college.BandwidthBand);
        Assert.Equal(48.5, college.MeasuredBandwidthMbps);
        Assert.Equal(WifiCoverage.Partial, college.Wifi);
        Assert.Equal(AccessTypes.Copper, college.AccessType);
        Assert.Equal(AccessTypes.Fibre, rows[0].Value!.AccessType);
        Assert.True(college.HasEnt);
        Assert.Equal("ENT Occitanie", college.EntName);
        Assert.False(college.CollegeLab);
        Assert.True(college.IsDemonstration);
        // « oui »/« non » are booleans too; « N.C. » and empty cells are missing, not zero.
        Assert.True(rows[2].Value!.HasEnt);
        Assert.False(rows[2].Value!.EFran);
        var maternelle = rows[3].Value!;
        Assert.Null(maternelle.Devices);
        Assert.Null(maternelle.MobileDevices);
        Assert.Null(maternelle.Printers3D);
        Assert.Null(maternelle.MeasuredBandwidthMbps);
        Assert.Null(maternelle.EntName);
    }

    [Theory]
    [InlineData("nb_terminaux", "douze", "champ « nb_terminaux » : « douze » n'est pas un nombre entier (type integer)")]
    [InlineData("nb_terminaux", "12.5", "n'est pas un nombre entier (type integer)")]
    [InlineData("nb_tbi", "-1", "champ « nb_tbi » : -1 inférieur au minimum 0 (minimum)")]
    [InlineData("part_salles_connectees", "101", "champ « part_salles_connectees » : 101 supérieur au maximum 100 (maximum)")]
    [InlineData("debit_mesure", "rapide", "champ « debit_mesure » : « rapide » n'est pas une valeur permise (moins_de_2, 2_a_10, 10_a_100, 100_et_plus) (enum)")]
    [InlineData("wifi", "Partiel", "champ « wifi » : « Partiel » n'est pas une valeur permise")]
    [InlineData("type_acces", "adsl", "champ « type_acces » : « adsl » n'est pas une valeur permise (fibre, cable, cuivre, radio, 4g, satellite) (enum)")]
    [InlineData("uai", "081052S", "champ « uai » : « 081052S » ne respecte pas le motif ^[0-9]{7}[A-Z]$ (pattern)")]
    [InlineData("uai", "0810052s", "(pattern)")]
    [InlineData("date_observation", "", "champ « date_observation » obligatoire mais vide (required)")]
    [InlineData("date_observation", "26/11/2024", "champ « date_observation » : « 26/11/2024 » n'est pas une date AAAA-MM-JJ (type date)")]
    [InlineData("date_observation", "1999-12-31", "antérieure au minimum 2000-01-01 (minimum)")]
    [InlineData("source", "N.C.", "champ « source » obligatoire mais vide (required)")]
    [InlineData("demonstration", "", "champ « demonstration » obligatoire mais vide (required)")]
    [InlineData("ent", "peut-être", "champ « ent » : « peut-être » n'est pas un booléen")]
    [InlineData("debit_mesure_mbits", "48,5", "champ « debit_mesure_mbits » : « 48,5 » n'est pas un nombre")]
    [InlineData("debit_mesure_mbits", "5.5", "5.5 Mbit/s hors de la tranche debit_mesure « 10_a_100 »")]
    [InlineData("nb_terminaux_mobiles", "119", "champ « nb_terminaux_mobiles » : 119 supérieur à nb_terminaux (118)")]
    public async Task A_row_breaking_the_schema_is_rejected_with_its_line_and_a_reason_naming_field_and_constraint(string column, string value, string reason)
    {
        var (header, college) = Example();
        var good = Line(header, college, ("uai", "0810053T"));
        var bad = Line(header, college, (column, value));
        var rows = await ReadTextAsync($"{string.Join(',', header)}\n{good}\n{bad}\n");

        Assert.Equal(2, rows.Count);
        Assert.True(rows[0].IsAccepted, rows[0].Rejection);
        Assert.False(rows[1].IsAccepted);
        Assert.Equal(3, rows[1].Line);
        Assert.Contains(reason, rows[1].Rejection);
    }

    [Fact]
    public async Task Every_broken_constraint_of_a_row_is_reported_after_its_uai()
    {
        var (header, college) = Example();
        var bad = Line(header, college, ("nb_tbi", "-2"), ("wifi", "oui"), ("ent", "2"));
        var row = Assert.Single(await ReadTextAsync($"{string.Join(',', header)}\n{bad}\n"));

        Assert.StartsWith("0810052S : ", row.Rejection);
        Assert.Contains("nb_tbi", row.Rejection);
        Assert.Contains("wifi", row.Rejection);
        Assert.Contains("« ent »", row.Rejection);
    }

    [Fact]
    public async Task A_repeated_primary_key_is_rejected_naming_the_first_line_but_another_date_is_not()
    {
        var (header, college) = Example();
        var first = Line(header, college);
        var otherDate = Line(header, college, ("date_observation", "2025-11-26"));
        var repeat = Line(header, college, ("nb_tbi", "7"));
        var rows = await ReadTextAsync($"{string.Join(',', header)}\n{first}\n{otherDate}\n{repeat}\n");

        Assert.True(rows[0].IsAccepted);
        Assert.True(rows[1].IsAccepted, rows[1].Rejection);
        Assert.False(rows[2].IsAccepted);
        Assert.Equal(4, rows[2].Line);
        Assert.Contains("clé primaire (uai, date_observation) = (0810052S, 2024-11-26) déjà présente ligne 2 (primaryKey)", rows[2].Rejection);
    }

    [Theory]
    [InlineData("demonstration")]
    [InlineData("uai")]
    [InlineData("source")]
    public async Task A_missing_required_column_fails_the_file_naming_it(string column)
    {
        var (header, college) = Example();
        var index = Array.IndexOf(header, column);
        var without = header.Where((_, i) => i != index).ToArray();
        var text = string.Join(',', without) + "\n" + Line(without, college.Where((_, i) => i != index).ToArray()) + "\n";
        var error = await Assert.ThrowsAsync<SourceFormatException>(() => ReadTextAsync(text));
        Assert.Contains(column, error.Message);
    }

    [Fact]
    public async Task Unknown_columns_are_ignored_and_optional_columns_may_be_missing_in_any_order()
    {
        var text = "commentaire;DEMONSTRATION;Source;date_observation;uai;nb_terminaux\n" +
                   "à revoir;non;Conseil départemental de l'Aude;2024-09-30;0110001A;80\n";
        var row = Assert.Single(await ReadTextAsync(text));

        Assert.True(row.IsAccepted, row.Rejection);
        var record = row.Value!;
        Assert.Equal("0110001A", record.Uai);
        Assert.Equal(80, record.Devices);
        Assert.False(record.IsDemonstration);
        Assert.Equal("Conseil départemental de l'Aude", record.Source);
        Assert.Null(record.Pupils);
        Assert.Null(record.HasEnt);
        Assert.Null(record.Wifi);
    }

    [Fact]
    public async Task Reads_a_windows_1252_file()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = "uai;date_observation;nom_ent;ent;source;demonstration\n" +
                   "0310036W;2024-11-26;Éclat-BFC;true;Académie de Montpellier, enquête équipement;false\n";
        var record = Assert.Single(await ReadTextAsync(text, Encoding.GetEncoding(1252))).Value!;
        Assert.Equal("Éclat-BFC", record.EntName);
        Assert.Equal("Académie de Montpellier, enquête équipement", record.Source);
    }

    [Fact]
    public async Task Text_that_looks_like_a_formula_is_kept_as_plain_text()
    {
        var (header, college) = Example();
        var line = Line(header, college, ("nom_ent", "=HYPERLINK(\"http://x\")"), ("source", "+SUM(A1:A9)"));
        var text = $"{string.Join(',', header)}\n{line}\n";
        var record = Assert.Single(await ReadTextAsync(text)).Value!;
        Assert.Equal("=HYPERLINK(\"http://x\")", record.EntName);
        Assert.Equal("+SUM(A1:A9)", record.Source);
    }

    [Fact]
    public async Task A_truncated_line_is_rejected_and_an_empty_file_is_a_format_error()
    {
        var (header, college) = Example();
        var full = Line(header, college);
        var rows = await ReadTextAsync($"{string.Join(',', header)}\n{full}\n{full[..40]}");
        Assert.True(rows[0].IsAccepted);
        Assert.Contains("ligne incomplète", rows[1].Rejection);
        await Assert.ThrowsAsync<SourceFormatException>(() => ReadTextAsync(""));
    }
}
