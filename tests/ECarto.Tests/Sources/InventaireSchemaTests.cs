using System.Text.Json;
using ECarto.Sources;
using ECarto.Sources.Inventaire;

namespace ECarto.Tests.Sources;

/// <summary>The Table Schema file of the inventaire numérique, its example, and the model loaded from it.</summary>
public class InventaireSchemaTests
{
    private static string Folder => Path.Combine(TestData.Root, "schemas", "inventaire-numerique");

    private static readonly string[] TableSchemaTypes = ["string", "integer", "number", "boolean", "date"];

    [Fact]
    public void The_schema_file_is_a_table_schema_whose_fields_all_have_a_name_a_type_and_a_french_description()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "schema.json")));
        var root = document.RootElement;

        Assert.Equal("https://frictionlessdata.io/schemas/table-schema.json", root.GetProperty("$schema").GetString());
        Assert.Equal("inventaire-numerique", root.GetProperty("name").GetString());
        Assert.Equal("0.2.0", root.GetProperty("version").GetString());
        Assert.Contains("Licence Ouverte", root.GetProperty("licenses")[0].GetProperty("title").GetString());
        Assert.Equal(["", "N.C."], root.GetProperty("missingValues").EnumerateArray().Select(v => v.GetString()));
        Assert.True(File.Exists(Path.Combine(Folder, root.GetProperty("resources")[0].GetProperty("path").GetString()!)));

        var fields = root.GetProperty("fields").EnumerateArray().ToList();
        Assert.True(fields.Count >= 15);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var name = field.GetProperty("name").GetString()!;
            Assert.True(names.Add(name), $"{name} declared twice");
            Assert.Contains(field.GetProperty("type").GetString(), TableSchemaTypes);
            Assert.False(string.IsNullOrWhiteSpace(field.GetProperty("title").GetString()), name);
            Assert.False(string.IsNullOrWhiteSpace(field.GetProperty("description").GetString()), name);
            Assert.True(field.TryGetProperty("example", out _), $"{name} has no example");
        }
        var primaryKey = root.GetProperty("primaryKey").EnumerateArray().Select(k => k.GetString()!).ToList();
        Assert.Equal(["uai", "date_observation"], primaryKey);
        Assert.All(primaryKey, k => Assert.Contains(k, names));
        foreach (var required in new[] { "uai", "date_observation", "source", "demonstration" })
        {
            var field = fields.Single(f => f.GetProperty("name").GetString() == required);
            Assert.True(field.GetProperty("constraints").GetProperty("required").GetBoolean(), required);
        }
    }

    [Fact]
    public async Task The_embedded_schema_is_the_repository_file_and_loads_into_the_model()
    {
        await using var embedded = typeof(InventaireSchema).Assembly.GetManifestResourceStream(InventaireSchema.ResourceName);
        Assert.NotNull(embedded);
        using var reader = new StreamReader(embedded);
        Assert.Equal(File.ReadAllText(Path.Combine(Folder, "schema.json")), await reader.ReadToEndAsync());

        var schema = InventaireSchema.Current;
        Assert.Equal("0.2.0", schema.Version);
        Assert.Equal(["uai", "date_observation"], schema.PrimaryKey);
        var uai = schema.Field("uai")!;
        Assert.Equal(SchemaFieldType.String, uai.Type);
        Assert.True(uai.Constraints.Required);
        Assert.Equal("^[0-9]{7}[A-Z]$", uai.Constraints.Pattern);
        var rooms = schema.Field("part_salles_connectees")!;
        Assert.Equal(SchemaFieldType.Integer, rooms.Type);
        Assert.Equal(("0", "100"), (rooms.Constraints.Minimum, rooms.Constraints.Maximum));
        Assert.Equal(SchemaFieldType.Number, schema.Field("debit_mesure_mbits")!.Type);
        Assert.Equal(SchemaFieldType.Date, schema.Field("date_observation")!.Type);
        Assert.Equal(SchemaFieldType.Boolean, schema.Field("demonstration")!.Type);
        Assert.Null(schema.Field("inconnu"));
    }

    [Fact]
    public void The_codes_used_in_code_are_the_schemas_enums()
    {
        var schema = InventaireSchema.Current;
        Assert.Equal(BandwidthBands.All, schema.Field("debit_mesure")!.Constraints.Enum);
        Assert.Equal(WifiCoverage.All, schema.Field("wifi")!.Constraints.Enum);
    }

    [Fact]
    public void A_schema_whose_primary_key_names_an_unknown_field_is_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => InventaireSchema.Parse(
            """{ "fields": [ { "name": "uai", "type": "string" } ], "primaryKey": ["uai", "annee"] }"""));
        Assert.Contains("annee", error.Message);
        Assert.Throws<InvalidDataException>(() => InventaireSchema.Parse("""{ "fields": [ { "name": "x", "type": "geopoint" } ] }"""));
    }

    [Fact]
    public async Task The_example_csv_validates_with_zero_rejections()
    {
        await using var file = File.OpenRead(Path.Combine(Folder, "exemple-valide.csv"));
        using var reader = await SourceText.OpenAsync(file);
        var rows = new List<RowResult<InventaireRecord>>();
        await foreach (var row in InventaireReader.ReadAsync(reader)) rows.Add(row);

        Assert.NotEmpty(rows);
        Assert.Empty(rows.Where(r => !r.IsAccepted).Select(r => $"ligne {r.Line} : {r.Rejection}"));
        // Its header is exactly the schema's fields, in order: a complete example.
        var header = File.ReadLines(Path.Combine(Folder, "exemple-valide.csv")).First().Split(',');
        Assert.Equal(InventaireSchema.Current.Fields.Select(f => f.Name), header);
    }

    [Fact]
    public void The_source_is_declared_with_its_schedule_setting_sample_file_and_separator()
    {
        var source = InventaireSource.Definition;
        Assert.Equal("inventaire", source.Id);
        Assert.Equal("ECARTO_SCHEDULE_INVENTAIRE", source.ScheduleSetting);
        Assert.Equal("inventaire/inventaire-numerique-demonstration.csv", source.SampleFile);
        Assert.Equal(",", source.Separator);
        Assert.Equal(SourceFormat.Csv, source.Format);
        Assert.Equal(SourceCatalog.LicenceOuverte, source.Licence);
        Assert.Contains(InventaireSchema.Current.Version!, source.Dataset);
        Assert.Equal("https", source.ProductionUrl.Scheme);
    }
}
