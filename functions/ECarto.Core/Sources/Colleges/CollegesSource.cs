namespace ECarto.Sources.Colleges;

/// <summary>The geolocated collèges (ministry dataset « Adresse et géolocalisation des établissements »).</summary>
public static class CollegesSource
{
    public const string ScheduleSetting = "ECARTO_SCHEDULE_COLLEGES";

    public static readonly SourceDefinition Definition = new(
        Id: "colleges",
        Producer: "Ministère de l'Éducation nationale",
        Dataset: "Adresse et géolocalisation des établissements d'enseignement du premier et second degrés (fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre), collèges",
        Licence: SourceCatalog.LicenceOuverte,
        ProductionUrl: new Uri("https://data.education.gouv.fr/api/explore/v2.1/catalog/datasets/fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre/exports/csv?delimiter=%3B&where=startswith(nature_uai_libe%2C%22COLLEGE%22)"),
        SampleFile: "annuaire/fr-en-adresse-et-geolocalisation_colleges_france_2024.csv",
        ScheduleSetting: ScheduleSetting,
        DefaultSchedule: "0 10 3 * * 1",
        Publication: Publishers.OpendatasoftExport.Csv("fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre",
            ("where", "startswith(nature_uai_libe,\"COLLEGE\")")));
}
