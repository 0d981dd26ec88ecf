using System.Text.Json;

namespace ECarto.Infra.Tests;

/// <summary>One resource of an ARM template or of a Bicep deployment snapshot.</summary>
/// <param name="Path">Where it was found (for messages).</param>
/// <param name="Type">Full resource type, e.g. Microsoft.Storage/storageAccounts.</param>
/// <param name="Name">Name (an ARM expression in a compiled template, a value in a snapshot).</param>
/// <param name="Body">The resource's JSON.</param>
/// <param name="Existing">Declared as existing (a reference, not deployed).</param>
/// <param name="Scope">The scope it is deployed at, when given (extension resources such as role assignments).</param>
public sealed record ArmResource(string Path, string Type, string Name, JsonElement Body, bool Existing, string? Scope)
{
    public bool Is(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);

    public JsonElement? Properties => Json.Get(Body, "properties");
}

public static class ArmResources
{
    public const string Deployments = "Microsoft.Resources/deployments";
    public const string RoleAssignments = "Microsoft.Authorization/roleAssignments";

    /// <summary>
    /// Every resource of a compiled template, walking child resources and nested deployments
    /// (Bicep modules) recursively; resources may be an array or, in languageVersion 2.0, an object.
    /// </summary>
    public static IEnumerable<ArmResource> FromTemplate(JsonElement template, string path = "$")
    {
        if (Json.Get(template, "resources") is not { } resources)
        {
            yield break;
        }
        foreach (var resource in Walk(resources, path, parentType: null))
        {
            yield return resource;
        }
    }

    private static IEnumerable<ArmResource> Walk(JsonElement resources, string path, string? parentType)
    {
        var items = resources.ValueKind switch
        {
            JsonValueKind.Array => resources.EnumerateArray().Select((r, i) => ($"{path}[{i}]", r)),
            JsonValueKind.Object => resources.EnumerateObject().Select(p => ($"{path}.{p.Name}", p.Value)),
            _ => [],
        };
        foreach (var (where, body) in items)
        {
            var type = Json.String(body, "type") ?? "";
            if (parentType is not null && !type.Contains('/'))
            {
                type = $"{parentType}/{type}";
            }
            var resource = new ArmResource(
                where,
                type,
                Json.String(body, "name") ?? "",
                body,
                Json.Get(body, "existing") is { ValueKind: JsonValueKind.True },
                Json.String(body, "scope"));
            yield return resource;

            if (Json.Get(body, "resources") is { } children)
            {
                foreach (var child in Walk(children, $"{where}.resources", type))
                {
                    yield return child;
                }
            }
            if (resource.Is(Deployments)
                && resource.Properties is { } props
                && Json.Get(props, "template") is { ValueKind: JsonValueKind.Object } nested)
            {
                foreach (var inner in FromTemplate(nested, $"{where}.properties.template"))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>
    /// Resources predicted by `bicep snapshot`: names and loops are evaluated; the scope of an
    /// extension resource is the part of its id before /providers/Microsoft.Authorization/...
    /// </summary>
    public static IEnumerable<ArmResource> FromSnapshot(JsonElement snapshot)
    {
        if (Json.Get(snapshot, "predictedResources") is not { ValueKind: JsonValueKind.Array } predicted)
        {
            yield break;
        }
        var i = 0;
        foreach (var body in predicted.EnumerateArray())
        {
            var type = Json.String(body, "type") ?? "";
            var id = Json.String(body, "id") ?? "";
            string? scope = null;
            var marker = id.IndexOf("/providers/Microsoft.Authorization/", StringComparison.OrdinalIgnoreCase);
            if (marker >= 0)
            {
                scope = marker == 0 ? "/" : id[..marker];
            }
            yield return new ArmResource($"predictedResources[{i++}] {id}", type, Json.String(body, "name") ?? "", body, false, scope);
        }
    }

    /// <summary>
    /// App settings of a site: siteConfig.appSettings (a list of name/value) and
    /// Microsoft.Web/sites/config 'appsettings' resources (an object). A value that is one ARM
    /// expression instead of a literal list/object cannot be checked and is reported as null.
    /// </summary>
    public static IReadOnlyList<(string Name, JsonElement Value)>? AppSettings(ArmResource resource)
    {
        if (resource.Is("Microsoft.Web/sites"))
        {
            if (resource.Properties is not { } props
                || Json.Get(props, "siteConfig") is not { } siteConfig
                || Json.Get(siteConfig, "appSettings") is not { } list)
            {
                return [];
            }
            if (list.ValueKind != JsonValueKind.Array)
            {
                return null;
            }
            return list.EnumerateArray()
                .Select(s => (Json.String(s, "name") ?? "", Json.Get(s, "value") ?? default))
                .ToList();
        }
        if (resource.Is("Microsoft.Web/sites/config")
            && resource.Name.Contains("appsettings", StringComparison.OrdinalIgnoreCase))
        {
            if (resource.Properties is not { ValueKind: JsonValueKind.Object } settings)
            {
                return null;
            }
            return settings.EnumerateObject().Select(p => (p.Name, p.Value)).ToList();
        }
        return [];
    }
}

/// <summary>Small JSON helpers; ARM property names are case-insensitive.</summary>
public static class Json
{
    public static JsonElement? Get(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return null;
    }

    public static JsonElement? Path(JsonElement element, params string[] names)
    {
        JsonElement? current = element;
        foreach (var name in names)
        {
            current = current is { } c ? Get(c, name) : null;
        }
        return current;
    }

    public static string? String(JsonElement element, params string[] names) =>
        Path(element, names) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>Every string in the document, property names included, with where it is.</summary>
    public static IEnumerable<(string Where, string Text)> Strings(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                yield return (path, element.GetString() ?? "");
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var s in Strings(item, $"{path}[{i++}]"))
                    {
                        yield return s;
                    }
                }
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    yield return ($"{path}.{property.Name} (name)", property.Name);
                    foreach (var s in Strings(property.Value, $"{path}.{property.Name}"))
                    {
                        yield return s;
                    }
                }
                break;
        }
    }
}
