using System.Text.Json;
using Azure.Data.Tables;
using ECarto.Storage;

namespace ECarto.Ingestion;

/// <summary>
/// A published data version: its id names its tables (<c>schools{Version}</c>, …), and it lists the run
/// of every source it was built from.
/// </summary>
public sealed record PublishedVersion(string Version, DateTimeOffset PublishedAt, IReadOnlyDictionary<string, string> Sources, int Layout = PublishedVersion.CurrentLayout)
{
    /// <summary>
    /// The layout of a version's tables. A version of an older layout is published again, from the staged
    /// data, at the next run: the code that reads it expects the current one.
    /// 1: attribution as <c>SourceJson</c>, communes in one partition. 2: <c>SourceId</c> and
    /// <c>SourceDate</c>, communes partitioned by département. 3: types as the observatory labels them
    /// (« École », « non renseigné »), <c>State</c> and <c>CommuneDelegueeName</c>, today's commune names,
    /// territories counting only the observatory's schools open today. 4: territories carry their parents
    /// (<c>ParentsJson</c>), the coverage of each source (<c>CoverageJson</c>) and every indicator of the
    /// catalogue aggregated at publish (<c>IndicatorsParts</c>, <c>Indicators0</c>…: gzipped JSON); a
    /// département's <c>ParentCode</c> is its académie. 5: schools carry their lycée voies (<c>VoieGenerale</c>,
    /// <c>VoieTechnologique</c>, <c>VoieProfessionnelle</c>); territories the type groups listed in full
    /// (<c>CompleteTypes</c>), breakdowns by <c>lycee-gt</c> and <c>lycee-pro</c>, and for a département the
    /// UAIs of those groups (<c>LyceeGroupsJson</c>).
    /// </summary>
    public const int CurrentLayout = 5;

    public bool IsCurrentLayout => Layout == CurrentLayout;

    /// <summary>« v » and the UTC time to the millisecond: sortable, and valid inside a table name.</summary>
    public static string NewId(DateTimeOffset now) => "v" + now.UtcDateTime.ToString("yyyyMMddHHmmssfff");
}

/// <summary>
/// The <c>versions</c> table: the one row the API reads to know which version to serve, switched in one
/// write when a version is complete, so a failed or killed run never shows half its data.
/// </summary>
public sealed class DataVersions(ECartoStorage storage)
{
    private const string Partition = "published";
    private const string Current = "current";
    private const string Previous = "previous";

    public Task<PublishedVersion?> CurrentAsync(CancellationToken cancellationToken = default) => ReadAsync(Current, cancellationToken);

    public Task<PublishedVersion?> PreviousAsync(CancellationToken cancellationToken = default) => ReadAsync(Previous, cancellationToken);

    /// <summary>Makes <paramref name="version"/> the served one; the one it replaces is kept as previous.</summary>
    public async Task PublishAsync(PublishedVersion version, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.VersionsTable, cancellationToken);
        if (await CurrentAsync(cancellationToken) is { } replaced)
        {
            await table.UpsertEntityAsync(ToEntity(Previous, replaced), TableUpdateMode.Replace, cancellationToken);
        }
        await table.UpsertEntityAsync(ToEntity(Current, version), TableUpdateMode.Replace, cancellationToken);
    }

    private async Task<PublishedVersion?> ReadAsync(string row, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.VersionsTable, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, row, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } entity) return null;
        return new PublishedVersion(
            entity.GetString("Version") ?? "",
            entity.GetDateTimeOffset("PublishedAt") ?? DateTimeOffset.MinValue,
            JsonSerializer.Deserialize<Dictionary<string, string>>(entity.GetString("SourcesJson") ?? "{}") ?? [],
            entity.GetInt32("Layout") ?? 1);
    }

    private static TableEntity ToEntity(string row, PublishedVersion version) => new(Partition, row)
    {
        ["Version"] = version.Version,
        ["PublishedAt"] = version.PublishedAt,
        ["SourcesJson"] = JsonSerializer.Serialize(version.Sources),
        ["Layout"] = version.Layout,
    };
}
