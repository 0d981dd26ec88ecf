namespace ECarto.Storage;

/// <summary>Names of the tables and blob containers of the storage model (ARCHITECTURE.md).</summary>
public static class StorageNames
{
    public const string SchoolsTable = "schools";
    public const string TerritoriesTable = "territories";
    public const string RunsTable = "runs";
    public const string VersionsTable = "versions";

    public const string RawContainer = "raw";
    public const string RejectsContainer = "rejects";
    public const string SnapshotsContainer = "snapshots";
    public const string ExportsContainer = "exports";

    /// <summary>
    /// Where collectivités and académies drop their inventaire numérique files (CSV, schema
    /// <c>schemas/inventaire-numerique</c>), with their Entra role on this container only; the
    /// inventaire's timer writes each file's report under <see cref="InventoryReportsFolder"/>.
    /// </summary>
    public const string InventoriesContainer = "inventaires";

    /// <summary>The folder of <see cref="InventoriesContainer"/> that holds the reports (never read as a deposit).</summary>
    public const string InventoryReportsFolder = "rapports/";

    /// <summary>Every blob container of the app (the Functions host and the deployment have their own).</summary>
    public static readonly IReadOnlyList<string> Containers =
        [RawContainer, RejectsContainer, SnapshotsContainer, ExportsContainer, InventoriesContainer];
}
