namespace ECarto.Sources.Ips;

/// <summary>Indice de position sociale of the collèges (DEPP).</summary>
public static class IpsSource
{
    public const string ScheduleSetting = "ECARTO_SCHEDULE_IPS";

    public static readonly SourceDefinition Definition = new(
        Id: "ips",
        Producer: "Ministère de l'Éducation nationale (DEPP)",
        Dataset: "Indices de position sociale dans les collèges (fr-en-ips-colleges-ap2023)",
        Licence: SourceCatalog.LicenceOuverte,
        ProductionUrl: new Uri("https://data.education.gouv.fr/api/explore/v2.1/catalog/datasets/fr-en-ips-colleges-ap2023/exports/csv?delimiter=%3B"),
        SampleFile: "complements/ips_colleges_2023_france.csv",
        ScheduleSetting: ScheduleSetting,
        DefaultSchedule: "0 30 3 1 * *",
        Publication: Publishers.OpendatasoftExport.Csv("fr-en-ips-colleges-ap2023"));
}
