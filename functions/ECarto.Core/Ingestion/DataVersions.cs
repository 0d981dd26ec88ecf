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
/// <paramref name="Pinned"/>: an operator pinned the served version (a lasting rollback); publications
/// do not switch away from it until it is unpinned.
/// </summary>
public sealed record ServedVersions(PublishedVersion? Current, PublishedVersion? Previous, ETag? ETag, bool Pinned = false);

/// <summary>The served version is pinned by an operator: no publication switches away from it.</summary>
public sealed class VersionPinnedException(string message) : Exception(message);

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
    private const string PinnedColumn = "Pinned";

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
            return new ServedVersions(current, entity.ContainsKey(PreviousPrefix + "Version") ? FromEntity(entity, PreviousPrefix) : null, entity.ETag,
                entity.GetBoolean(PinnedColumn) == true);
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
        replacing ??= await ServedAsync(cancellationToken);
        if (replacing.Pinned)
        {
            throw new VersionPinnedException(
                $"La version servie {replacing.Current?.Version} est épinglée : {version.Version} n'est pas servie. Pour reprendre les publications, désépingler la version (voir « Revenir à la version de données précédente »).");
        }
        await SwitchAsync(version, replacing.Current, pinned: false, replacing,
            $"La version servie a changé pendant la publication de {version.Version} (une autre publication l'a remplacée) : celle-ci est abandonnée, la version servie reste celle de l'autre publication.",
            cancellationToken);
    }

    /// <summary>
    /// A lasting rollback, in one write conditioned on what was read: serves the previous version again
    /// (the one it replaces becomes the previous one, its tables kept) and pins it, so that the next runs
    /// ingest their sources but do not switch away from it until <see cref="UnpinAsync"/>. Returns the row after.
    /// </summary>
    public async Task<ServedVersions> RollBackAndPinAsync(CancellationToken cancellationToken = default)
    {
        var served = await ServedAsync(cancellationToken);
        if (served.Current is not { } current || served.Previous is not { } previous)
        {
            throw new InvalidOperationException("Aucune version précédente n'est gardée : il n'y a rien vers quoi revenir.");
        }
        await SwitchAsync(previous, current, pinned: true, served,
            "La version servie a changé pendant le retour en arrière (une publication vient de la remplacer) : rien n'a été écrit, recommencer.", cancellationToken);
        return await ServedAsync(cancellationToken);
    }

    /// <summary>Pins the served version as it is (one write conditioned on what was read). Returns the row after.</summary>
    public Task<ServedVersions> PinAsync(CancellationToken cancellationToken = default) => SetPinnedAsync(true, cancellationToken);

    /// <summary>Unpins the served version: the next run publishes again (its staged data differs from the served version).</summary>
    public Task<ServedVersions> UnpinAsync(CancellationToken cancellationToken = default) => SetPinnedAsync(false, cancellationToken);

    private async Task<ServedVersions> SetPinnedAsync(bool pinned, CancellationToken cancellationToken)
    {
        var served = await ServedAsync(cancellationToken);
        if (served.Current is not { } current) throw new InvalidOperationException("Aucune version n'est publiée : rien à épingler.");
        if (served.Pinned == pinned) return served;
        await SwitchAsync(current, served.Previous, pinned, served,
            "La version servie a changé pendant l'opération (une publication vient de la remplacer) : rien n'a été écrit, recommencer.", cancellationToken);
        return await ServedAsync(cancellationToken);
    }

    /// <summary>Writes the one row (served, previous, pin) conditioned on <paramref name="replacing"/>'s ETag.</summary>
    private async Task SwitchAsync(PublishedVersion serve, PublishedVersion? previous, bool pinned, ServedVersions replacing, string conflict, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.VersionsTable, cancellationToken);
        var entity = new TableEntity(Partition, Current) { ["HoldsPrevious"] = true };
        Write(entity, "", serve);
        if (previous is not null) Write(entity, PreviousPrefix, previous);
        if (pinned) entity[PinnedColumn] = true;
        try
        {
            if (replacing.ETag is { } etag) await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken);
            else await table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException error) when (error.Status is 409 or 412)
        {
            throw new VersionSwitchConflictException(conflict, error);
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
