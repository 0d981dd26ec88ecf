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
}
