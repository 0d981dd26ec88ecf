using System.Text.Json;
using Azure;
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
/// The served version and the one it replaced, as read from the one row that holds both, with that row's
/// ETag (null when nothing was ever published in this layout): a switch is conditioned on it.
/// </summary>
public sealed record ServedVersions(PublishedVersion? Current, PublishedVersion? Previous, ETag? ETag);

/// <summary>The served version changed during a publication: another publisher switched it. This one is abandoned.</summary>
public sealed class VersionSwitchConflictException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// The <c>versions</c> table: the one row the API reads to know which version to serve (partition
/// « published », row « current »). It holds the served version and the previous one (<c>Previous…</c>
/// columns), and is switched in one write conditioned on its ETag when a version is complete: a failed or
/// killed run never shows half its data, a crash cannot lose the previous version, and two publishers
/// cannot both switch from the same state. Rows written before that layout (a separate « previous »
/// row, no <c>HoldsPrevious</c> column) are still read, and replaced at the next switch.
/// </summary>
public sealed class DataVersions(ECartoStorage storage)
{
    private const string Partition = "published";
    private const string Current = "current";
    private const string LegacyPrevious = "previous";
    private const string PreviousPrefix = "Previous";

    public async Task<PublishedVersion?> CurrentAsync(CancellationToken cancellationToken = default) => (await ServedAsync(cancellationToken)).Current;

    public async Task<PublishedVersion?> PreviousAsync(CancellationToken cancellationToken = default) => (await ServedAsync(cancellationToken)).Previous;

    public async Task<ServedVersions> ServedAsync(CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.VersionsTable, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Current, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } entity) return new ServedVersions(null, null, null);
        var current = FromEntity(entity, "");
        if (entity.GetBoolean("HoldsPrevious") == true)
        {
            return new ServedVersions(current, entity.ContainsKey(PreviousPrefix + "Version") ? FromEntity(entity, PreviousPrefix) : null, entity.ETag);
        }
        var legacy = await table.GetEntityIfExistsAsync<TableEntity>(Partition, LegacyPrevious, cancellationToken: cancellationToken);
        return new ServedVersions(current, legacy.HasValue && legacy.Value is { } previous ? FromEntity(previous, "") : null, entity.ETag);
    }

    /// <summary>
    /// Makes <paramref name="version"/> the served one and keeps the one it replaces as previous, in one
    /// write; conditioned on <paramref name="replacing"/> (read now when not given): when another
    /// publisher switched since, nothing is written and <see cref="VersionSwitchConflictException"/> is thrown.
    /// </summary>
    public async Task PublishAsync(PublishedVersion version, ServedVersions? replacing = null, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.VersionsTable, cancellationToken);
        replacing ??= await ServedAsync(cancellationToken);
        var entity = new TableEntity(Partition, Current) { ["HoldsPrevious"] = true };
        Write(entity, "", version);
        if (replacing.Current is { } replaced) Write(entity, PreviousPrefix, replaced);
        try
        {
            if (replacing.ETag is { } etag) await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken);
            else await table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException error) when (error.Status is 409 or 412)
        {
            throw new VersionSwitchConflictException(
                $"La version servie a changé pendant la publication de {version.Version} (une autre publication l'a remplacée) : celle-ci est abandonnée, la version servie reste celle de l'autre publication.", error);
        }
    }

    private static PublishedVersion FromEntity(TableEntity entity, string prefix) => new(
        entity.GetString(prefix + "Version") ?? "",
        entity.GetDateTimeOffset(prefix + "PublishedAt") ?? DateTimeOffset.MinValue,
        JsonSerializer.Deserialize<Dictionary<string, string>>(entity.GetString(prefix + "SourcesJson") ?? "{}") ?? [],
        entity.GetInt32(prefix + "Layout") ?? 1);

    private static void Write(TableEntity entity, string prefix, PublishedVersion version)
    {
        entity[prefix + "Version"] = version.Version;
        entity[prefix + "PublishedAt"] = version.PublishedAt;
        entity[prefix + "SourcesJson"] = JsonSerializer.Serialize(version.Sources);
        entity[prefix + "Layout"] = version.Layout;
    }
}
