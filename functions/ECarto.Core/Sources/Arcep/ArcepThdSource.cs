namespace ECarto.Sources.Arcep;

/// <summary>Arcep Observatoire du haut et très haut débit: FttH deployment per commune and quarter.</summary>
public static class ArcepThdSource
{
    public const string ScheduleSetting = "ECARTO_SCHEDULE_ARCEP_THD";

    public static readonly SourceDefinition Definition = new(
        Id: "arcep-thd",
        Producer: "Arcep",
        Dataset: "Observatoire du haut et très haut débit, déploiements FttH par commune (ftthCommunes)",
        Licence: SourceCatalog.LicenceOuverte,
        ProductionUrl: new Uri("https://www.data.gouv.fr/fr/datasets/le-marche-du-haut-et-tres-haut-debit-fixe-deploiements/"),
        SampleFile: "arcep-fixe/arcep_obs-thd_2018T1_ftthCommunes.csv",
        ScheduleSetting: ScheduleSetting,
        Format: SourceFormat.ArcepRawCsv,
        Separator: ",",
        DefaultSchedule: "0 50 3 * * 1",
        Publication: new Publishers.DataGouvResource("le-marche-du-haut-et-tres-haut-debit-fixe-deploiements", "csv", @"ftth[ _-]?communes?"));

    /// <summary>The observatory's commune table (dwellings, establishments, zones), published with the FttH table.</summary>
    public static readonly SourceDefinition CommunesDefinition = Definition with
    {
        Id = "arcep-thd-communes",
        Dataset = "Observatoire du haut et très haut débit, informations à l'échelle de la commune (communes)",
        SampleFile = "arcep-fixe/arcep_obs-thd_2018T1_communes.csv",
        DefaultSchedule = "0 55 3 * * 1",
        Publication = new Publishers.DataGouvResource("le-marche-du-haut-et-tres-haut-debit-fixe-deploiements", "csv", @"(?<!ftth[ _-]?)communes\b"),
    };
}
