namespace ECarto.Sources.Arcep;

/// <summary>Arcep « Ma connexion internet »: eligible premises per commune and speed.</summary>
public static class ArcepFixeSource
{
    public const string ScheduleSetting = "ECARTO_SCHEDULE_ARCEP_FIXE";

    public static readonly SourceDefinition Definition = new(
        Id: "arcep-fixe",
        Producer: "Arcep",
        Dataset: "Ma connexion internet, statistiques par commune (commune_debit)",
        Licence: SourceCatalog.LicenceOuverte,
        ProductionUrl: new Uri("https://data.arcep.fr/fixe/maconnexioninternet/statistiques/last/commune/commune_debit.csv"),
        SampleFile: "arcep-fixe/arcep_maconnexioninternet_communes_2022T4.csv",
        ScheduleSetting: ScheduleSetting,
        DefaultSchedule: "0 40 3 * * 1",
        Publication: new Publishers.DataGouvResource("ma-connexion-internet", "csv", @"commune[ _-]?d[ée]bit"));
}
