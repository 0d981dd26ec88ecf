using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using ECarto.Sources;
using ECarto.Storage;

namespace ECarto.Establishments;

/// <summary>
/// The <c>schools</c> tables, one per data version (<c>schools{version}</c>): PartitionKey = département
/// code (COG), RowKey = UAI. Lists (types, sites) are stored as JSON strings, since a table entity holds
/// only scalar properties.
/// </summary>
public sealed class SchoolStore(ECartoStorage storage)
{
    // Absent values are left out of the stored JSON too.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

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

    /// <summary>
    /// The school as an entity. Missing values are left out rather than written as nulls, and the
    /// attribution is stored as its source id and date (the rest is in <see cref="SourceCatalog"/>): the
    /// storage's cost per entity grows with its properties and bytes (see the benchmark's README).
    /// </summary>
    public static TableEntity ToEntity(School school, string dataVersion)
    {
        var entity = new TableEntity(school.DepartementCode, school.Uai);
        void Set(string name, object? value)
        {
            if (value is not null) entity[name] = value;
        }
        Set("Name", school.Name);
        Set("TypesJson", JsonSerializer.Serialize(school.Types, Json));
        Set("Sector", school.Sector);
        Set("NatureCode", school.NatureCode);
        Set("Nature", school.Nature);
        Set("Address", school.Address);
        Set("PostalCode", school.PostalCode);
        Set("CommuneCode", school.CommuneCode);
        Set("CommuneName", school.CommuneName);
        Set("DepartementName", school.DepartementName);
        Set("AcademieCode", school.AcademieCode);
        Set("AcademieName", school.AcademieName);
        Set("RegionCode", school.RegionCode);
        Set("RegionName", school.RegionName);
        Set("Latitude", school.Latitude);
        Set("Longitude", school.Longitude);
        Set("Pupils", school.Pupils);
        Set("PupilsRentree", school.PupilsRentree);
        Set("Ips", school.Ips);
        Set("IpsRentree", school.IpsRentree);
        Set("CommuneCodeInSource", school.CommuneCodeInSource);
        Set("ArrondissementCode", school.ArrondissementCode);
        Set("Phone", school.Phone);
        Set("Website", school.Website);
        Set("Email", school.Email);
        Set("PriorityEducation", school.PriorityEducation);
        Set("VoieGenerale", school.Voies?.Generale);
        Set("VoieTechnologique", school.Voies?.Technologique);
        Set("VoieProfessionnelle", school.Voies?.Professionnelle);
        Set("State", school.State);
        Set("CommuneDelegueeName", school.CommuneDelegueeName);
        Set("SitesJson", JsonSerializer.Serialize(school.Sites, Json));
        Set("SourceId", school.Source.SourceId);
        Set("SourceDate", school.Source.Date);
        Set("InventoryJson", school.Inventory is null ? null : JsonSerializer.Serialize(school.Inventory, Json));
        Set("Demonstration", school.Inventory?.IsDemonstration);
        Set("MobileJson", school.Mobile is null ? null : JsonSerializer.Serialize(school.Mobile, Json));
        Set("DataVersion", dataVersion);
        return entity;
    }

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
        Voies = new LyceeVoies(entity.GetBoolean("VoieGenerale"), entity.GetBoolean("VoieTechnologique"), entity.GetBoolean("VoieProfessionnelle")) is { IsEmpty: false } voies ? voies : null,
        State = entity.GetString("State"),
        CommuneDelegueeName = entity.GetString("CommuneDelegueeName"),
        Sites = Deserialize<List<SchoolSite>>(entity.GetString("SitesJson")) ?? [],
        Inventory = Deserialize<ECarto.Sources.Inventaire.InventaireRecord>(entity.GetString("InventoryJson")),
        Mobile = Deserialize<ECarto.Indicators.MobileSitesNearby>(entity.GetString("MobileJson")),
        Source = SourceOf(entity),
    };

    private static SourceAttribution SourceOf(TableEntity entity)
    {
        if (SourceCatalog.Find(entity.GetString("SourceId")) is { } source) return SourceAttribution.For(source, entity.GetString("SourceDate") ?? "");
        // A version of layout 1, still served until the next run publishes it again.
        if (Deserialize<SourceAttribution>(entity.GetString("SourceJson")) is { } legacy)
        {
            return SourceCatalog.All.FirstOrDefault(s => s.Dataset == legacy.Dataset) is { } known ? SourceAttribution.For(known, legacy.Date) : legacy;
        }
        return new SourceAttribution("inconnu", "inconnu", "inconnu", entity.GetString("SourceDate") ?? "", "");
    }

    private static T? Deserialize<T>(string? json) where T : class =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json, Json);
}
