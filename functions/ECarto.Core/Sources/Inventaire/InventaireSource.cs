namespace ECarto.Sources.Inventaire;

/// <summary>
/// The inventaire numérique as a source: a CSV following our Table Schema
/// (<c>schemas/inventaire-numerique/schema.json</c>), published by an académie, a collectivité or a
/// national survey export. The producer of each line is its <c>source</c> column.
/// </summary>
public static class InventaireSource
{
    /// <summary>App setting holding the NCRONTAB schedule of the inventaire's timer.</summary>
    public const string ScheduleSetting = "ECARTO_SCHEDULE_INVENTAIRE";

    /// <summary>
    /// PLACEHOLDER: no académie publishes this file yet. The URL is where a data.education.gouv.fr
    /// dataset named <c>fr-en-inventaire-numerique</c> would export it; set the real location with the
    /// setting <c>Sources:inventaire:Location</c>. Until then the default run reads the generated
    /// demonstration file (<see cref="SampleFile"/>), whose every line says <c>demonstration=true</c>.
    /// </summary>
    public static readonly Uri PlaceholderProductionUrl =
        new("https://data.education.gouv.fr/api/explore/v2.1/catalog/datasets/fr-en-inventaire-numerique/exports/csv?delimiter=%2C");

    /// <summary>The generated demonstration file of the default run, under <c>data/</c>.</summary>
    public const string SampleFile = "inventaire/inventaire-numerique-demonstration.csv";

    public static readonly SourceDefinition Definition = new(
        Id: "inventaire",
        Producer: "Producteur indiqué par la colonne « source » de chaque ligne (académie, collectivité ou enquête nationale)",
        Dataset: "Inventaire numérique des établissements (schéma inventaire-numerique 0.2.0)",
        Licence: SourceCatalog.LicenceOuverte,
        ProductionUrl: PlaceholderProductionUrl,
        SampleFile: SampleFile,
        ScheduleSetting: ScheduleSetting,
        Format: SourceFormat.Csv,
        Separator: ",");
}
