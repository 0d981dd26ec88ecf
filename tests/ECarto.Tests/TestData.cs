using ECarto.Establishments;
using ECarto.Sources;
using ECarto.Sources.Annuaire;

namespace ECarto.Tests;

/// <summary>The real sample files of data/, and the raw counts computed from them independently of our reader.</summary>
public static class TestData
{
    public static string Root => RepositoryLayout.FindRoot() ?? throw new DirectoryNotFoundException("repository root not found");

    public static string AnnuairePath => Path.Combine(Root, "data", SourceCatalog.Annuaire.SampleFile);

    /// <summary>The establishments of the real annuaire, read and merged as its ingestion does (no storage involved).</summary>
    public static List<School> AnnuaireSchools(string sourceDate = "2024-11-26")
    {
        var merged = new AnnuaireSchools(SourceAttribution.For(SourceCatalog.Annuaire, sourceDate));
        using var stream = File.OpenRead(AnnuairePath);
        using var reader = SourceText.OpenAsync(stream).GetAwaiter().GetResult();
        foreach (var row in AnnuaireReader.ReadAsync(reader).ToBlockingEnumerable()) merged.Add(row.Line, row.Value!);
        return merged.Schools().ToList();
    }

    /// <summary>The annuaire's data lines split on `;` (the file has no quoted separators; a test checks it).</summary>
    public static (string[] Header, List<string[]> Rows) AnnuaireRaw()
    {
        var lines = File.ReadAllLines(AnnuairePath);
        var header = lines[0].TrimStart('\uFEFF').Split(';');
        return (header, lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';')).ToList());
    }

    /// <summary>Distinct UAIs per (académie, type) straight from the raw file.</summary>
    public static Dictionary<(string Academie, string Type), int> DistinctUaiByAcademieAndType()
    {
        var (header, rows) = AnnuaireRaw();
        int Col(string name) => Array.IndexOf(header, name);
        var uai = Col("Identifiant_de_l_etablissement");
        var type = Col("Type_etablissement");
        var academie = Col("Libelle_academie");
        return rows
            .Where(r => r[type].Length > 0)
            .GroupBy(r => (r[academie], r[type]))
            .ToDictionary(g => g.Key, g => g.Select(r => r[uai]).Distinct().Count());
    }
}
