using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ECarto.Sources.Cog;

/// <summary>
/// Reads the JSON arrays of npm @etalab/decoupage-administratif (communes, départements, régions)
/// element by element without loading the file. <see cref="RowResult{T}.Line"/> is the element's
/// position in the array (1 = first). Invalid JSON, or a file that is not UTF-8, fails the whole file.
/// </summary>
public static class CogReader
{
    private static readonly JsonSerializerOptions Options = new() { AllowTrailingCommas = false };

    public static IAsyncEnumerable<RowResult<CogCommune>> ReadCommunesAsync(Stream stream, CancellationToken cancellationToken = default) =>
        ReadArrayAsync(stream, ParseCommune, cancellationToken);

    public static IAsyncEnumerable<RowResult<CogDepartement>> ReadDepartementsAsync(Stream stream, CancellationToken cancellationToken = default) =>
        ReadArrayAsync(stream, ParseDepartement, cancellationToken);

    public static IAsyncEnumerable<RowResult<CogRegion>> ReadRegionsAsync(Stream stream, CancellationToken cancellationToken = default) =>
        ReadArrayAsync(stream, ParseRegion, cancellationToken);

    private static async IAsyncEnumerable<RowResult<T>> ReadArrayAsync<T>(
        Stream stream,
        Func<JsonElement, int, RowResult<T>> parse,
        [EnumeratorCancellation] CancellationToken cancellationToken) where T : class
    {
        await using var items = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, Options, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        var index = 0;
        while (true)
        {
            try
            {
                if (!await items.MoveNextAsync()) break;
            }
            catch (JsonException e)
            {
                throw new SourceFormatException($"JSON illisible après l'élément {index} : {e.Message}");
            }
            index++;
            RowResult<T> result;
            try
            {
                result = items.Current.ValueKind == JsonValueKind.Object
                    ? parse(items.Current, index)
                    : RowResult<T>.Rejected(index, $"élément {index} : objet attendu, {items.Current.ValueKind} lu");
            }
            catch (InvalidOperationException e)
            {
                // Text that is not valid UTF-8 cannot be read as a string.
                throw new SourceFormatException($"JSON illisible à l'élément {index} (UTF-8 attendu) : {e.Message}");
            }
            yield return result;
        }
        if (index == 0) throw new SourceFormatException("Fichier JSON vide : un tableau d'objets est attendu.");
    }

    private static RowResult<CogCommune> ParseCommune(JsonElement e, int index)
    {
        var code = Text(e, "code")?.ToUpperInvariant();
        if (!SourceValues.IsCommuneCode(code)) return RowResult<CogCommune>.Rejected(index, $"élément {index} : code commune « {Text(e, "code")} » invalide");
        var name = Text(e, "nom");
        if (name is null) return RowResult<CogCommune>.Rejected(index, $"commune {code} : nom absent");
        CommuneKind? kind = Text(e, "type") switch
        {
            "commune-actuelle" => CommuneKind.Current,
            "arrondissement-municipal" => CommuneKind.MunicipalArrondissement,
            "commune-deleguee" => CommuneKind.DelegatedCommune,
            "commune-associee" => CommuneKind.AssociatedCommune,
            _ => null,
        };
        if (kind is null) return RowResult<CogCommune>.Rejected(index, $"commune {code} : type « {Text(e, "type")} » inconnu");
        var parent = kind switch
        {
            CommuneKind.MunicipalArrondissement => Text(e, "commune"),
            CommuneKind.DelegatedCommune or CommuneKind.AssociatedCommune => Text(e, "chefLieu"),
            _ => null,
        };
        if (kind != CommuneKind.Current && !SourceValues.IsCommuneCode(parent))
        {
            return RowResult<CogCommune>.Rejected(index, $"commune {code} ({Text(e, "type")}) : commune de rattachement « {parent} » absente ou invalide");
        }
        int? population = null;
        if (e.TryGetProperty("population", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind != JsonValueKind.Number || !p.TryGetInt32(out var value) || value < 0)
            {
                return RowResult<CogCommune>.Rejected(index, $"commune {code} : population « {p} » invalide : entier positif attendu");
            }
            population = value;
        }
        var postalCodes = Strings(e, "codesPostaux");
        var formerCodes = Strings(e, "anciensCodes");
        if (postalCodes is null || formerCodes is null)
        {
            return RowResult<CogCommune>.Rejected(index, $"commune {code} : codesPostaux et anciensCodes doivent être des listes de textes");
        }
        return RowResult<CogCommune>.Accepted(index, new CogCommune
        {
            Code = code!,
            Name = name,
            Kind = kind.Value,
            DepartementCode = Text(e, "departement"),
            RegionCode = Text(e, "region"),
            ParentCode = parent,
            PostalCodes = postalCodes,
            Population = population,
            FormerCodes = formerCodes.Where(SourceValues.IsCommuneCode).ToList(),
        });
    }

    private static RowResult<CogDepartement> ParseDepartement(JsonElement e, int index)
    {
        var code = SourceValues.DepartementCode(Text(e, "code"));
        if (code is null) return RowResult<CogDepartement>.Rejected(index, $"élément {index} : code département « {Text(e, "code")} » invalide");
        var name = Text(e, "nom");
        var region = Text(e, "region");
        if (name is null || region is null) return RowResult<CogDepartement>.Rejected(index, $"département {code} : nom ou région absent");
        return RowResult<CogDepartement>.Accepted(index, new CogDepartement(code, name, region, Text(e, "chefLieu")));
    }

    private static RowResult<CogRegion> ParseRegion(JsonElement e, int index)
    {
        var code = Text(e, "code");
        if (code is not { Length: 2 or 3 } || !code.All(char.IsAsciiDigit)) return RowResult<CogRegion>.Rejected(index, $"élément {index} : code région « {code} » invalide");
        var name = Text(e, "nom");
        if (name is null) return RowResult<CogRegion>.Rejected(index, $"région {code} : nom absent");
        return RowResult<CogRegion>.Accepted(index, new CogRegion(code, name, Text(e, "chefLieu")));
    }

    /// <summary>A trimmed, non-empty string property, else null (numbers are not accepted as codes).</summary>
    private static string? Text(JsonElement e, string property) =>
        e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Trim() is { Length: > 0 } text ? text : null;

    /// <summary>An array of strings (empty when absent), or null when the property has another shape.</summary>
    private static List<string>? Strings(JsonElement e, string property)
    {
        if (!e.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null) return [];
        if (value.ValueKind != JsonValueKind.Array) return null;
        var list = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) return null;
            list.Add(item.GetString()!.Trim());
        }
        return list;
    }
}
