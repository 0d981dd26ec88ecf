using System.Text.Json;
using ECarto.Establishments;
using ECarto.Exports.Spreadsheets;
using ECarto.Sources;
using ECarto.Sources.Inventaire;

namespace ECarto.Tests.Exports;

/// <summary>The <i>Établissements</i> rows and the workbook, without storage: typed cells, empty N.C., no formula ever.</summary>
public class SpreadsheetRowsTests
{
    private static readonly JsonElement EmptyCatalogue = JsonDocument.Parse("""{"components":[],"aggregations":{},"indicators":[]}""").RootElement;

    private static School Crafted(string name, string inventorySource) => new()
    {
        Uai = "0310036W", Name = name, Types = ["Lycée"], Sector = "Public", DepartementCode = "31", CommuneCode = "31555", CommuneName = "Toulouse",
        Sites = [], Source = SourceAttribution.For(SourceCatalog.Annuaire, "2024-11-26"), Pupils = 1234,
        Inventory = new InventaireRecord
        {
            Uai = "0310036W", ObservationDate = new DateOnly(2025, 3, 14), Devices = 250, Source = inventorySource, IsDemonstration = false,
            // Access type, ENT... left unanswered: N.C.
        },
    };

    private static async Task<XlsxFile> WriteAsync(params School[] schools)
    {
        using var stream = new MemoryStream();
        var about = new ExportAbout("Essai", [("Recherche", "=1+1")], "v1", DateTimeOffset.UnixEpoch);
        await SchoolsExport.WriteAsync(stream, about, schools.Select(s => new SchoolRow(s, null)).ToList(), EmptyCatalogue, null, CancellationToken.None);
        return new XlsxFile(stream.ToArray());
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"clic\")")]
    [InlineData("+33 1 23")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public async Task A_text_starting_like_a_formula_is_written_as_text_prefixed_with_an_apostrophe(string crafted)
    {
        var file = await WriteAsync(Crafted(crafted, crafted));

        var row = file.Records(SchoolsExport.SchoolsSheet).Single();
        Assert.False(row["Nom"].IsFormula);
        Assert.False(row["Nom"].IsNumber);
        // (An XML reader reads a carriage return back as a line feed.)
        var expected = "'" + crafted.Replace('\r', '\n');
        Assert.Equal(expected, row["Nom"].Text);
        Assert.Equal(expected, row["Producteur de l'inventaire numérique"].Text);
        Assert.All(file.Sheets.Values.SelectMany(s => s).SelectMany(r => r), c => Assert.False(c.IsFormula));
        // The query of the À propos sheet comes from the reader: neutralised too.
        Assert.Contains(file[SchoolsExport.AboutSheet], r => r.Count > 1 && r[1].Text == "'=1+1");
    }

    [Fact]
    public void Plain_text_is_left_as_it_is()
    {
        Assert.Equal("Lycée Pierre de Fermat", SpreadsheetText.Neutralize("Lycée Pierre de Fermat"));
        Assert.Equal("Saint-Jean", SpreadsheetText.Neutralize("Saint-Jean"));
        Assert.Null(SpreadsheetText.Neutralize(null));
    }

    [Theory]
    [InlineData("college toulouse", "college-toulouse")]
    [InlineData("../../etc/passwd\r\nX: y", "etc-passwd-x-y")]
    [InlineData("Lycée \"Fermat\"; rm *", "lycee-fermat-rm")]
    [InlineData("Zazie 0 à 9 {z}", "zazie-0-a-9-z")]
    [InlineData("--a  --  b--", "a-b")]
    [InlineData("école élémentaires jules ferry de saint-martin-de-la-grande-vallée", "ecole-elementaires-jules-ferry-de-saint-martin-de-la-grande")] // cut at 60, never on a dash
    public void A_download_name_holds_only_ascii_letters_digits_and_dashes(string text, string expected) =>
        Assert.Equal(expected, SpreadsheetText.FileNamePart(text));

    [Fact]
    public async Task Numbers_are_numbers_dates_are_dates_and_NC_is_an_empty_cell()
    {
        var file = await WriteAsync(Crafted("Lycée Pierre de Fermat", "Toulouse Métropole"));

        var row = file.Records(SchoolsExport.SchoolsSheet).Single();
        Assert.True(row["Élèves"].IsNumber);
        Assert.Equal(1234, row["Élèves"].Number);
        Assert.True(row["Terminaux pour les élèves"].IsNumber);
        Assert.Equal(250, row["Terminaux pour les élèves"].Number);
        // A date cell is a number (the serial date) with a date format: 14 March 2025 is day 45730.
        Assert.True(row["Date de l'inventaire numérique"].IsNumber);
        Assert.Equal(45730, row["Date de l'inventaire numérique"].Number);
        // Not declared in the inventory, not given by a source: N.C., an empty cell (never 0).
        Assert.True(row["Établissements avec un ENT (%)"].IsEmpty);
        Assert.True(row["Type d'accès à internet"].IsEmpty);
        Assert.True(row["Établissements avec un site 4G à moins de 2 km (%)"].IsEmpty);
        // The IPS is about collèges only: empty for a lycée.
        Assert.True(row["Indice de position sociale (collèges)"].IsEmpty);
        Assert.Equal("non", row["Données de démonstration"].Text);

        var demonstration = Crafted("Collège", "eCarto (démonstration)") is var s ? s with { Inventory = s.Inventory! with { IsDemonstration = true } } : null;
        var marked = (await WriteAsync(demonstration!)).Records(SchoolsExport.SchoolsSheet).Single();
        Assert.Equal("oui", marked["Données de démonstration"].Text);
    }

    [Fact]
    public async Task Every_indicator_of_the_catalogue_has_its_column_and_the_header_is_frozen_and_filtered()
    {
        var file = await WriteAsync(Crafted("Collège", "x"));

        Assert.Equal([SchoolsExport.SchoolsSheet, SchoolsExport.IndicatorsSheet, SchoolsExport.SourcesSheet, SchoolsExport.AboutSheet], file.SheetNames);
        var headers = file.Headers(SchoolsExport.SchoolsSheet);
        Assert.Equal(["UAI", "Nom", "Type", "Secteur", "Code commune", "Commune", "Code département", "Département", "Académie", "Région", "État"], headers.Take(11));
        foreach (var indicator in ECarto.Indicators.IndicatorCatalogue.All) Assert.Contains(SchoolRows.HeaderOf(indicator), headers);
        Assert.Contains("Données de démonstration", headers);
        var (frozen, filter) = file.Views[SchoolsExport.SchoolsSheet];
        Assert.True(frozen);
        Assert.Equal($"A1:{SpreadsheetWorkbook.ColumnName(headers.Count)}1", filter);
        Assert.Equal("Essai", file.Title);
    }

    /// <summary>Kestrel (the local host, the Functions worker) refuses synchronous writes to a response, which cannot seek: nor can this stream.</summary>
    private sealed class AsyncOnlyStream : Stream
    {
        public MemoryStream Content { get; } = new();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous operations are disallowed.");
        public override void Write(ReadOnlySpan<byte> buffer) => throw new InvalidOperationException("Synchronous operations are disallowed.");
        public override void Flush() => throw new InvalidOperationException("Synchronous operations are disallowed.");
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Content.WriteAsync(buffer, offset, count, cancellationToken);
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => Content.WriteAsync(buffer, cancellationToken);
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    [Fact]
    public async Task The_workbook_streams_into_a_response_that_only_takes_asynchronous_writes()
    {
        await using var stream = new AsyncOnlyStream();
        var about = new ExportAbout("Essai", [], "v1", DateTimeOffset.UnixEpoch);
        await SchoolsExport.WriteAsync(stream, about, [new SchoolRow(Crafted("Collège", "x"), null)], EmptyCatalogue, null, CancellationToken.None);
        var file = new XlsxFile(stream.Content.ToArray());
        Assert.Equal(SchoolsExport.SchoolsSheet, file.SheetNames[0]);
        Assert.Equal("Collège", file.Records(SchoolsExport.SchoolsSheet).Single()["Nom"].Text);
    }

    [Fact]
    public void Column_names_run_from_A_to_Z_then_AA()
    {
        Assert.Equal("A", SpreadsheetWorkbook.ColumnName(1));
        Assert.Equal("Z", SpreadsheetWorkbook.ColumnName(26));
        Assert.Equal("AA", SpreadsheetWorkbook.ColumnName(27));
        Assert.Equal("AK", SpreadsheetWorkbook.ColumnName(37));
    }
}
