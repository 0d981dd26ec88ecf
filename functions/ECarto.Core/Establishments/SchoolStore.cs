using System.Text.Json;
using Azure.Data.Tables;
using ECarto.Storage;

namespace ECarto.Establishments;

/// <summary>
/// The <c>schools</c> tables, one per data version (<c>schools{version}</c>): PartitionKey = département
/// code (COG), RowKey = UAI. Lists (types, sites) are stored as JSON strings, since a table entity holds
/// only scalar properties.
/// </summary>
public sealed class SchoolStore(ECartoStorage storage)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string TableFor(string version) => StorageNames.SchoolsTable + version;

    public async Task<int> UpsertAsync(IEnumerable<School> schools, string dataVersion, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(TableFor(dataVersion), cancellationToken);
        return await TableBatchWriter.UpsertAsync(table, schools.Select(s => ToEntity(s, dataVersion)), cancellationToken: cancellationToken);
    }

    /// <summary>The school, or null when unknown or when its version's table is gone (replaced since).</summary>
    public async Task<School?> GetAsync(string version, string departementCode, string uai, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await storage.ExistingTable(TableFor(version)).GetEntityIfExistsAsync<TableEntity>(departementCode, uai, cancellationToken: cancellationToken);
            return response.HasValue && response.Value is { } entity ? FromEntity(entity) : null;
        }
        catch (Azure.RequestFailedException error) when (error.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Every school, one partition after the other (the whole of France fits in memory).</summary>
    public async IAsyncEnumerable<School> ReadAllAsync(string version, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = storage.ExistingTable(TableFor(version));
        await foreach (var entity in table.QueryAsync<TableEntity>(maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return FromEntity(entity);
        }
    }

    public static TableEntity ToEntity(School school, string dataVersion) => new(school.DepartementCode, school.Uai)
    {
        ["Name"] = school.Name,
        ["TypesJson"] = JsonSerializer.Serialize(school.Types, Json),
        ["Sector"] = school.Sector,
        ["NatureCode"] = school.NatureCode,
        ["Nature"] = school.Nature,
        ["Address"] = school.Address,
        ["PostalCode"] = school.PostalCode,
        ["CommuneCode"] = school.CommuneCode,
        ["CommuneName"] = school.CommuneName,
        ["DepartementName"] = school.DepartementName,
        ["AcademieCode"] = school.AcademieCode,
        ["AcademieName"] = school.AcademieName,
        ["RegionCode"] = school.RegionCode,
        ["RegionName"] = school.RegionName,
        ["Latitude"] = school.Latitude,
        ["Longitude"] = school.Longitude,
        ["Pupils"] = school.Pupils,
        ["PupilsRentree"] = school.PupilsRentree,
        ["Ips"] = school.Ips,
        ["IpsRentree"] = school.IpsRentree,
        ["CommuneCodeInSource"] = school.CommuneCodeInSource,
        ["ArrondissementCode"] = school.ArrondissementCode,
        ["Phone"] = school.Phone,
        ["Website"] = school.Website,
        ["Email"] = school.Email,
        ["PriorityEducation"] = school.PriorityEducation,
        ["SitesJson"] = JsonSerializer.Serialize(school.Sites, Json),
        ["SourceJson"] = JsonSerializer.Serialize(school.Source, Json),
        ["InventoryJson"] = school.Inventory is null ? null : JsonSerializer.Serialize(school.Inventory, Json),
        ["Demonstration"] = school.Inventory?.IsDemonstration,
        ["MobileJson"] = school.Mobile is null ? null : JsonSerializer.Serialize(school.Mobile, Json),
        ["DataVersion"] = dataVersion,
    };

    public static School FromEntity(TableEntity entity) => new()
    {
        Uai = entity.RowKey,
        DepartementCode = entity.PartitionKey,
        Name = entity.GetString("Name") ?? entity.RowKey,
        Types = Deserialize<List<string>>(entity.GetString("TypesJson")) ?? [],
        Sector = entity.GetString("Sector"),
        NatureCode = entity.GetString("NatureCode"),
        Nature = entity.GetString("Nature"),
        Address = entity.GetString("Address"),
        PostalCode = entity.GetString("PostalCode"),
        CommuneCode = entity.GetString("CommuneCode"),
        CommuneName = entity.GetString("CommuneName"),
        DepartementName = entity.GetString("DepartementName"),
        AcademieCode = entity.GetString("AcademieCode"),
        AcademieName = entity.GetString("AcademieName"),
        RegionCode = entity.GetString("RegionCode"),
        RegionName = entity.GetString("RegionName"),
        Latitude = entity.GetDouble("Latitude"),
        Longitude = entity.GetDouble("Longitude"),
        Pupils = entity.GetInt32("Pupils"),
        PupilsRentree = entity.GetInt32("PupilsRentree"),
        Ips = entity.GetDouble("Ips"),
        IpsRentree = entity.GetInt32("IpsRentree"),
        CommuneCodeInSource = entity.GetString("CommuneCodeInSource"),
        ArrondissementCode = entity.GetString("ArrondissementCode"),
        Phone = entity.GetString("Phone"),
        Website = entity.GetString("Website"),
        Email = entity.GetString("Email"),
        PriorityEducation = entity.GetString("PriorityEducation"),
        Sites = Deserialize<List<SchoolSite>>(entity.GetString("SitesJson")) ?? [],
        Inventory = Deserialize<ECarto.Sources.Inventaire.InventaireRecord>(entity.GetString("InventoryJson")),
        Mobile = Deserialize<ECarto.Indicators.MobileSitesNearby>(entity.GetString("MobileJson")),
        Source = Deserialize<SourceAttribution>(entity.GetString("SourceJson")) ?? new SourceAttribution("inconnu", "inconnu", "", ""),
    };

    private static T? Deserialize<T>(string? json) where T : class =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json, Json);
}
