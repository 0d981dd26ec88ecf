using System.Text;
using ECarto.Sources;
using ECarto.Sources.Arcep;
using ECarto.Sources.Colleges;
using ECarto.Sources.Cog;
using ECarto.Sources.Effectifs;
using ECarto.Sources.Ips;

namespace ECarto.Tests.Sources;

/// <summary>Shared helpers of the reader tests: the sample files of data/ and reading text or bytes through a reader.</summary>
internal static class ReaderTestKit
{
    static ReaderTestKit() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Windows1252 => Encoding.GetEncoding(1252);

    public static string SamplePath(SourceDefinition source) => Path.Combine(TestData.Root, "data", source.SampleFile);

    public static string DataPath(string relative) => Path.Combine(TestData.Root, "data", relative);

    public static async Task<List<RowResult<T>>> ReadAsync<T>(
        Stream stream, Func<TextReader, CancellationToken, IAsyncEnumerable<RowResult<T>>> read) where T : class
    {
        using var reader = await SourceText.OpenAsync(stream);
        var rows = new List<RowResult<T>>();
        await foreach (var row in read(reader, CancellationToken.None)) rows.Add(row);
        return rows;
    }

    public static async Task<List<RowResult<T>>> ReadFileAsync<T>(
        string path, Func<TextReader, CancellationToken, IAsyncEnumerable<RowResult<T>>> read) where T : class
    {
        await using var file = File.OpenRead(path);
        return await ReadAsync(file, read);
    }

    public static Task<List<RowResult<T>>> ReadTextAsync<T>(
        string text, Func<TextReader, CancellationToken, IAsyncEnumerable<RowResult<T>>> read, Encoding? encoding = null) where T : class =>
        ReadAsync(new MemoryStream((encoding ?? new UTF8Encoding(false)).GetBytes(text)), read);

    /// <summary>The lines of a sample file as stored (BOM removed), for counts computed without our readers.</summary>
    public static string[] RawLines(string path) => File.ReadAllLines(path, Encoding.UTF8).Select((l, i) => i == 0 ? l.TrimStart('\uFEFF') : l).ToArray();
}

public class SourceDefinitionReaderTests
{
    private static readonly SourceDefinition[] Definitions =
    [
        CollegesSource.Definition, EffectifsSource.Definition, IpsSource.Definition, ArcepFixeSource.Definition,
        ArcepThdSource.Definition, ArcepThdSource.CommunesDefinition, ArcepMobileSource.Definition, CogSource.Definition,
    ];

    [Fact]
    public void Every_definition_has_its_sample_file_in_the_repository_and_a_unique_id()
    {
        Assert.All(Definitions, d => Assert.True(File.Exists(ReaderTestKit.SamplePath(d)), d.SampleFile));
        Assert.Equal(Definitions.Length, Definitions.Select(d => d.Id).Distinct().Count());
        Assert.True(File.Exists(ReaderTestKit.DataPath(CogSource.AcademiesSampleFile)));
        Assert.True(File.Exists(ReaderTestKit.DataPath("referentiel-admin/decoupage-administratif.LICENSE")));
    }

    [Fact]
    public void Ids_and_schedule_settings_are_the_agreed_ones()
    {
        Assert.Equal(
            ["colleges", "effectifs", "ips", "arcep-fixe", "arcep-thd", "arcep-thd-communes", "arcep-mobile", "cog"],
            Definitions.Select(d => d.Id));
        Assert.Equal(
            ["ECARTO_SCHEDULE_COLLEGES", "ECARTO_SCHEDULE_EFFECTIFS", "ECARTO_SCHEDULE_IPS", "ECARTO_SCHEDULE_ARCEP_FIXE",
             "ECARTO_SCHEDULE_ARCEP_THD", "ECARTO_SCHEDULE_ARCEP_THD", "ECARTO_SCHEDULE_ARCEP_MOBILE", "ECARTO_SCHEDULE_COG"],
            Definitions.Select(d => d.ScheduleSetting));
        Assert.All(Definitions, d => Assert.Equal("https", d.ProductionUrl.Scheme));
        Assert.All(Definitions, d => Assert.Equal(6, d.DefaultSchedule.Split(' ').Length));
        Assert.Equal(SourceFormat.ArcepRawCsv, ArcepThdSource.Definition.Format);
        Assert.Equal(SourceFormat.JsonArray, CogSource.Definition.Format);
    }
}
