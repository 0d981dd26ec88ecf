namespace ECarto.Sources.Cog;

/// <summary>The Code officiel géographique (Insee) as packaged by Etalab, plus the académie of each département.</summary>
public static class CogSource
{
    public const string ScheduleSetting = "ECARTO_SCHEDULE_COG";

    /// <summary>The npm package version the sample files come from; the production URL pins it too.</summary>
    public const string PackageVersion = "6.0.0";

    private const string PackageData = "https://unpkg.com/@etalab/decoupage-administratif@" + PackageVersion + "/data/";

    /// <summary>
    /// Where the current communes file is found. Our reader reads the JSON of Etalab's npm package
    /// <c>@etalab/decoupage-administratif</c> (<c>data/communes.json</c>). data.gouv.fr publishes the Code
    /// officiel géographique as Insee's CSV files (dataset « Code officiel géographique »), not in this JSON
    /// format: no data.gouv.fr resource has it, and reading Insee's CSVs would be another reader. The package
    /// is published on npm, so its publisher's API is the npm registry: its package document gives the
    /// latest version and its date. The registry's tarball (a .tgz) is not a file our reader can read, so
    /// the file is read at that exact version from unpkg, which serves the files of npm packages. A new
    /// major version is refused until the reader has been checked against it.
    /// </summary>
    public static readonly Publishers.NpmPackageFile Package = new("@etalab/decoupage-administratif", "data/" + CommuneReferential.CommunesFile, Major: 6);

    public static readonly SourceDefinition Definition = new(
        Id: "cog",
        Producer: "Insee, Code officiel géographique, via Etalab",
        Dataset: "Découpage administratif (npm @etalab/decoupage-administratif " + PackageVersion + ", données Licence Ouverte, code MIT)",
        Licence: SourceCatalog.LicenceOuverte,
        ProductionUrl: new Uri(PackageData + CommuneReferential.CommunesFile),
        SampleFile: "referentiel-admin/" + CommuneReferential.CommunesFile,
        ScheduleSetting: ScheduleSetting,
        Format: SourceFormat.JsonArray,
        Encoding: "utf-8",
        Separator: "",
        DefaultSchedule: "0 0 5 1 * *",
        SampleDate: "2026",
        Publication: Package);

    /// <summary>The other files of the referential, next to the communes (same folder, same package).</summary>
    public static readonly Uri DepartementsUrl = new(PackageData + CommuneReferential.DepartementsFile);

    public static readonly Uri RegionsUrl = new(PackageData + CommuneReferential.RegionsFile);

    /// <summary>Derived by the project from the collèges file (no producer publishes it); read from the data folder.</summary>
    public const string AcademiesSampleFile = "referentiel-admin/" + CommuneReferential.AcademiesFile;
}
