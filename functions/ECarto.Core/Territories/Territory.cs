using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using ECarto.Indicators;
using ECarto.Storage;

namespace ECarto.Territories;

/// <summary>The levels of the territory hierarchy, as PartitionKeys of the <c>territories</c> tables.</summary>
public static class TerritoryLevel
{
    public const string Commune = "commune";
    public const string Departement = "departement";
    public const string Academie = "academie";
    public const string Region = "region";
    public const string France = "france";

    /// <summary>From the smallest to France.</summary>
    public static readonly IReadOnlyList<string> All = [Commune, Departement, Academie, Region, France];

    /// <summary>The code of France, the one territory of its level.</summary>
    public const string FranceCode = "FR";
}

/// <summary>A territory named from another: a parent, a child in a list.</summary>
public sealed record TerritoryRef(string Level, string Code, string Name);

/// <summary>
/// A territory with the figures known for it: its schools by type, and the Arcep fixed-network figures
/// (premises eligible by speed, FttH). Figures of communes merged since a file was produced are summed
/// into the current commune.
/// </summary>
public sealed record Territory
{
    public required string Level { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? ParentCode { get; init; }
    public int? Population { get; init; }
    public int Schools { get; init; }
    public IReadOnlyDictionary<string, int> SchoolsByType { get; init; } = new Dictionary<string, int>();

    /// <summary>Arcep « Ma connexion internet »: premises, and premises eligible at ≥ 8, 30, 100 Mbit/s and 1 Gbit/s.</summary>
    public long? Premises { get; init; }
    public long? EligibleAtLeast8Mbps { get; init; }
    public long? EligibleAtLeast30Mbps { get; init; }
    public long? EligibleAtLeast100Mbps { get; init; }
    public long? EligibleAtLeast1Gbps { get; init; }

    /// <summary>Arcep Observatoire THD: premises connectable to FttH, latest quarter.</summary>
    public long? FtthPremises { get; init; }
    public string? FtthQuarter { get; init; }

    /// <summary>Codes from the sources that were merged into this commune.</summary>
    public IReadOnlyList<string> MergedCodes { get; init; } = [];

    /// <summary>
    /// Its parents, nearest first: commune → département → académie → région → France (the académie and
    /// the région of the département, from the référentiel).
    /// </summary>
    public IReadOnlyList<TerritoryRef> Parents { get; init; } = [];

    /// <summary>Every indicator of the catalogue aggregated over its counted schools (computed at publish).</summary>
    public IReadOnlyList<IndicatorAggregate> Indicators { get; init; } = [];

    /// <summary>Per source, the schools it gives a figure for, by type.</summary>
    public IReadOnlyList<SourceCoverage> Coverage { get; init; } = [];

    /// <summary>
    /// The type groups the data lists in full here (<see cref="IndicatorAccumulator.CompleteTypes"/>): every
    /// group where the annuaire lists the schools, only « college » where only the national collèges file does.
    /// </summary>
    public IReadOnlyList<string> CompleteTypes { get; init; } = IndicatorCatalogue.TypeGroups;

    /// <summary>
    /// For a département: the UAIs of its counted lycées généraux et technologiques and lycées professionnels
    /// (<c>lycee-gt</c>, <c>lycee-pro</c>), so that a territory's list can be filtered on them.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> LyceeGroups { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

/// <summary>
/// The <c>territories</c> tables, one per data version: RowKey = code; PartitionKey = level, except for
/// communes, partitioned by département (<c>commune-31</c>): the 35,000 communes in one partition would
/// hold the publish to what one Azure partition takes (about 2,000 entities/s).
/// </summary>
public sealed class TerritoryStore(ECartoStorage storage)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Azure Tables take at most 64 KiB per binary property: the indicators are split into parts of this size.</summary>
    public const int MaxPropertyBytes = 64 * 1024;

    /// <summary>At most this many parts (an entity is at most 1 MiB).</summary>
    public const int MaxIndicatorParts = 12;

    public static string TableFor(string version) => StorageNames.TerritoriesTable + version;

    public async Task<int> UpsertAsync(IEnumerable<Territory> territories, string version, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableFor(version), cancellationToken);
        return await TableBatchWriter.UpsertAsync(table, territories.Select(ToEntity), cancellationToken: cancellationToken);
    }

    public async Task<Territory?> GetAsync(string version, string level, string code, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await storage.ExistingTable(TableFor(version)).GetEntityIfExistsAsync<TableEntity>(PartitionOf(level, code), code, cancellationToken: cancellationToken);
            return response.HasValue && response.Value is { } e ? FromEntity(e) : null;
        }
        catch (Azure.RequestFailedException error) when (error.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The columns a territory list needs: no indicators.</summary>
    private static readonly string[] HeaderColumns = ["PartitionKey", "RowKey", "Name", "ParentCode", "Population", "Schools", "SchoolsByTypeJson", "Premises", "EligibleAtLeast8Mbps", "EligibleAtLeast30Mbps", "EligibleAtLeast100Mbps", "EligibleAtLeast1Gbps", "FtthPremises", "ParentsJson"];

    /// <summary>Every territory of a version without its indicators (for lists, and to know which exist).</summary>
    public async IAsyncEnumerable<Territory> ReadHeadersAsync(string version, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in storage.ExistingTable(TableFor(version)).QueryAsync<TableEntity>(filter: (string?)null, select: HeaderColumns, cancellationToken: cancellationToken))
        {
            yield return FromEntity(e);
        }
    }

    /// <summary>Every territory of a level that is one partition (département, académie, région, France), with its indicators.</summary>
    public async Task<List<Territory>> ReadLevelAsync(string version, string level, CancellationToken cancellationToken = default)
    {
        var territories = new List<Territory>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {level}");
        await foreach (var e in storage.ExistingTable(TableFor(version)).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken)) territories.Add(FromEntity(e));
        return territories;
    }

    /// <summary>The partition of a territory: its level, with the département for a commune.</summary>
    public static string PartitionOf(string level, string code) =>
        level == TerritoryLevel.Commune ? $"{TerritoryLevel.Commune}-{DepartementOfCommune(code)}" : level;

    /// <summary>The département of a commune code (COG): three characters overseas (971…, 975, 977, 978, 98x), else two (2A, 2B for Corse).</summary>
    public static string DepartementOfCommune(string code) => code.Length == 5 && code[0] == '9' && code[1] is '7' or '8' ? code[..3] : code[..Math.Min(2, code.Length)];

    private static TableEntity ToEntity(Territory t) => WithParts(new(PartitionOf(t.Level, t.Code), t.Code)
    {
        ["Name"] = t.Name,
        ["ParentCode"] = t.ParentCode,
        ["Population"] = t.Population,
        ["Schools"] = t.Schools,
        ["SchoolsByTypeJson"] = JsonSerializer.Serialize(t.SchoolsByType, Json),
        ["Premises"] = t.Premises,
        ["EligibleAtLeast8Mbps"] = t.EligibleAtLeast8Mbps,
        ["EligibleAtLeast30Mbps"] = t.EligibleAtLeast30Mbps,
        ["EligibleAtLeast100Mbps"] = t.EligibleAtLeast100Mbps,
        ["EligibleAtLeast1Gbps"] = t.EligibleAtLeast1Gbps,
        ["FtthPremises"] = t.FtthPremises,
        ["FtthQuarter"] = t.FtthQuarter,
        ["MergedCodes"] = t.MergedCodes.Count == 0 ? null : string.Join(' ', t.MergedCodes),
        ["ParentsJson"] = JsonSerializer.Serialize(t.Parents, Json),
        ["CoverageJson"] = JsonSerializer.Serialize(t.Coverage, Json),
        ["CompleteTypes"] = string.Join(' ', t.CompleteTypes),
        ["LyceeGroupsJson"] = t.LyceeGroups.Count == 0 ? null : JsonSerializer.Serialize(t.LyceeGroups, Json),
    }, "Indicators", Compress(JsonSerializer.SerializeToUtf8Bytes(t.Indicators, Json)));

    private static TableEntity WithParts(TableEntity entity, string name, byte[] bytes)
    {
        var parts = (bytes.Length + MaxPropertyBytes - 1) / MaxPropertyBytes;
        if (parts > MaxIndicatorParts) throw new InvalidOperationException($"Territoire {entity.RowKey} : indicateurs de {bytes.Length} octets compressés, au-delà de ce qu'une entité peut porter");
        entity[name + "Parts"] = parts;
        for (var p = 0; p < parts; p++) entity[$"{name}{p}"] = bytes.AsSpan(p * MaxPropertyBytes, Math.Min(MaxPropertyBytes, bytes.Length - p * MaxPropertyBytes)).ToArray();
        return entity;
    }

    private static byte[] Parts(TableEntity entity, string name)
    {
        var buffer = new MemoryStream();
        for (var p = 0; p < (entity.GetInt32(name + "Parts") ?? 0); p++) buffer.Write(entity.GetBinary($"{name}{p}"));
        return buffer.ToArray();
    }

    private static byte[] Compress(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(bytes);
        return output.ToArray();
    }

    private static T? Decompress<T>(byte[] bytes)
    {
        if (bytes.Length == 0) return default;
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        return JsonSerializer.Deserialize<T>(gzip, Json);
    }

    private static Territory FromEntity(TableEntity e) => new()
    {
        Level = e.PartitionKey.Split('-')[0],
        Code = e.RowKey,
        Name = e.GetString("Name") ?? e.RowKey,
        ParentCode = e.GetString("ParentCode"),
        Population = e.GetInt32("Population"),
        Schools = e.GetInt32("Schools") ?? 0,
        SchoolsByType = JsonSerializer.Deserialize<Dictionary<string, int>>(e.GetString("SchoolsByTypeJson") ?? "{}", Json) ?? [],
        Premises = e.GetInt64("Premises"),
        EligibleAtLeast8Mbps = e.GetInt64("EligibleAtLeast8Mbps"),
        EligibleAtLeast30Mbps = e.GetInt64("EligibleAtLeast30Mbps"),
        EligibleAtLeast100Mbps = e.GetInt64("EligibleAtLeast100Mbps"),
        EligibleAtLeast1Gbps = e.GetInt64("EligibleAtLeast1Gbps"),
        FtthPremises = e.GetInt64("FtthPremises"),
        FtthQuarter = e.GetString("FtthQuarter"),
        MergedCodes = e.GetString("MergedCodes")?.Split(' ') ?? [],
        Parents = JsonSerializer.Deserialize<List<TerritoryRef>>(e.GetString("ParentsJson") ?? "[]", Json) ?? [],
        Coverage = JsonSerializer.Deserialize<List<SourceCoverage>>(e.GetString("CoverageJson") ?? "[]", Json) ?? [],
        Indicators = Decompress<List<IndicatorAggregate>>(Parts(e, "Indicators")) ?? [],
        CompleteTypes = e.GetString("CompleteTypes") is { } complete ? complete.Split(' ', StringSplitOptions.RemoveEmptyEntries) : IndicatorCatalogue.TypeGroups,
        LyceeGroups = JsonSerializer.Deserialize<Dictionary<string, IReadOnlyList<string>>>(e.GetString("LyceeGroupsJson") ?? "{}", Json) ?? [],
    };
}
