namespace ECarto.Sources;

/// <summary>
/// A source, declared once: where it is published, its licence and attribution, the setting that
/// holds its schedule, and the sample file of the default run.
/// </summary>
public sealed record SourceDefinition(
    string Id,
    string Producer,
    string Dataset,
    string Licence,
    Uri ProductionUrl,
    string SampleFile,
    string ScheduleSetting);

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
        ScheduleSetting: AnnuaireScheduleSetting);

    public static readonly IReadOnlyList<SourceDefinition> All = [Annuaire];
}
