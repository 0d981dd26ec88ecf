namespace ECarto.Sources;

/// <summary>The layout of a source file, which decides its reader.</summary>
public enum SourceFormat
{
    /// <summary>A delimited text file with one header line (columns found by name).</summary>
    Csv,

    /// <summary>Arcep's raw observatory layout: title lines, then several lines per commune.</summary>
    ArcepRawCsv,

    /// <summary>A JSON array of objects.</summary>
    JsonArray,
}

/// <summary>
/// A source, declared once: where it is published, its format, licence and attribution, the setting
/// that holds its schedule, and the sample file of the default run. The column mapping lives with the
/// source's reader (its <c>Columns</c>), next to the code that uses it. <c>SampleDate</c> dates the
/// sample file when its name does not. <c>ProductionUrl</c> is the official page or file; when
/// <c>Publication</c> is given, the production run asks the publisher's API for the current file
/// instead (<see cref="Publishers.SourcePublishers"/>).
/// </summary>
public sealed record SourceDefinition(
    string Id,
    string Producer,
    string Dataset,
    string Licence,
    Uri ProductionUrl,
    string SampleFile,
    string ScheduleSetting,
    SourceFormat Format = SourceFormat.Csv,
    string Encoding = "utf-8 (BOM facultatif) ou windows-1252, détecté",
    string Separator = ";",
    string DefaultSchedule = "0 0 3 * * *",
    string? SampleDate = null,
    Publishers.Publication? Publication = null)
{
    /// <summary>« Source : producteur, jeu de données » as the Licence Ouverte asks (the date is the run's).</summary>
    public string Attribution => $"Source : {Producer}, {Dataset} ({Licence})";
}

public static class SourceCatalog
{
    public const string LicenceOuverte = "Licence Ouverte / Etalab 2.0";

    /// <summary>App setting holding the NCRONTAB schedule of the annuaire's timer.</summary>
    public const string AnnuaireScheduleSetting = "ECARTO_SCHEDULE_ANNUAIRE";

    public static readonly SourceDefinition Annuaire = new(
        Id: "annuaire",
        Producer: "Ministère de l'Éducation nationale",
        Dataset: "Annuaire de l'éducation (fr-en-annuaire-education)",
        Licence: LicenceOuverte,
        ProductionUrl: new Uri("https://data.education.gouv.fr/api/explore/v2.1/catalog/datasets/fr-en-annuaire-education/exports/csv?delimiter=%3B"),
        SampleFile: "annuaire/fr-en-annuaire-education_occitanie_ac-toulouse_ac-montpellier_2024-11-26.csv",
        ScheduleSetting: AnnuaireScheduleSetting,
        Publication: Publishers.OpendatasoftExport.Csv("fr-en-annuaire-education"));

    public static readonly IReadOnlyList<SourceDefinition> All =
    [
        Annuaire,
        Cog.CogSource.Definition,
        Colleges.CollegesSource.Definition,
        Effectifs.EffectifsSource.Definition,
        Ips.IpsSource.Definition,
        Inventaire.InventaireSource.Definition,
        Arcep.ArcepFixeSource.Definition,
        Arcep.ArcepThdSource.Definition,
        Arcep.ArcepMobileSource.Definition,
    ];

    public static SourceDefinition? Find(string? id) => All.FirstOrDefault(s => s.Id == id);
}
