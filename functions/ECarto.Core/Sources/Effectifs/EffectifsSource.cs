namespace ECarto.Sources.Effectifs;

/// <summary>Pupils per lycée général et technologique, by rentrée.</summary>
public static class EffectifsSource
{
    public const string ScheduleSetting = "ECARTO_SCHEDULE_EFFECTIFS";

    public static readonly SourceDefinition Definition = new(
        Id: "effectifs",
        Producer: "Ministère de l'Éducation nationale",
        Dataset: "Effectifs d'élèves par niveau, sexe, langues vivantes 1 et 2 les plus fréquentes, par lycée général et technologique (fr-en-lycee_gt-effectifs-niveau-sexe-lv)",
        Licence: SourceCatalog.LicenceOuverte,
        ProductionUrl: new Uri("https://data.education.gouv.fr/api/explore/v2.1/catalog/datasets/fr-en-lycee_gt-effectifs-niveau-sexe-lv/exports/csv?delimiter=%3B"),
        SampleFile: "effectifs/fr-en-lycee_gt-effectifs-niveau-sexe-lv_france_2019-2021.csv",
        ScheduleSetting: ScheduleSetting,
        DefaultSchedule: "0 20 3 1 * *",
        Publication: Publishers.OpendatasoftExport.Csv("fr-en-lycee_gt-effectifs-niveau-sexe-lv"));
}
