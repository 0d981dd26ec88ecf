namespace ECarto.Sources.Arcep;

/// <summary>Arcep mobile sites (2G/3G/4G) of the four metropolitan operators, in Lambert-93.</summary>
public static class ArcepMobileSource
{
    public const string ScheduleSetting = "ECARTO_SCHEDULE_ARCEP_MOBILE";

    public static readonly SourceDefinition Definition = new(
        Id: "arcep-mobile",
        Producer: "Arcep",
        Dataset: "Mon réseau mobile, sites 2G, 3G et 4G en France métropolitaine (Lambert-93)",
        Licence: SourceCatalog.LicenceOuverte,
        ProductionUrl: new Uri("https://www.data.gouv.fr/fr/datasets/mon-reseau-mobile/"),
        SampleFile: "arcep-mobile/2018_01_Sites_mobiles_2G_3G_4G_France_metropolitaine_L93.csv",
        ScheduleSetting: ScheduleSetting,
        DefaultSchedule: "0 0 4 * * 1",
        // « 2018_01_Sites_mobiles_2G_3G_4G_France_metropolitaine_L93.csv », later « 2019-t3-liste-sites-operateurs-mobiles.csv ».
        Publication: new Publishers.DataGouvResource("mon-reseau-mobile", "csv", @"sites[ _-]mobiles|liste[ _-]sites"));
}
