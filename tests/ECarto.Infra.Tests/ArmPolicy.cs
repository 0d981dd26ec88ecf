using System.Text.Json;
using System.Text.RegularExpressions;

namespace ECarto.Infra.Tests;

/// <summary>A rule of the keyless policy broken somewhere in a template.</summary>
public sealed record Violation(string Rule, string Where, string Detail)
{
    public override string ToString() => $"[{Rule}] {Where}: {Detail}";
}

/// <summary>
/// The platform's keyless policy, checked on a compiled ARM template (nested deployments included)
/// or on a deployment snapshot: no list*() call (listKeys...), no connection string holding a key,
/// storage locked down, role assignments scoped to a resource, storage app settings identity-based,
/// local (key) authentication off on Application Insights and Azure Maps.
/// </summary>
public static partial class ArmPolicy
{
    public const string NoListFunctions = "no-list-functions";
    public const string NoKeyInConnectionString = "no-key-in-connection-string";
    public const string StorageSharedKeyOff = "storage-shared-key-off";
    public const string StorageTls12 = "storage-tls12";
    public const string StorageHttpsOnly = "storage-https-only";
    public const string StorageNoPublicBlob = "storage-no-public-blob";
    public const string RoleAssignmentScopedToResource = "role-assignment-scoped-to-resource";
    public const string StorageSettingIdentityBased = "storage-setting-identity-based";
    public const string AppSettingsCheckable = "app-settings-checkable";
    public const string LocalAuthOff = "local-auth-off";

    // Suffixes of an identity-based connection (Functions "__" settings).
    private static readonly HashSet<string> IdentitySuffixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "credential", "clientId", "accountName", "serviceUri",
        "blobServiceUri", "queueServiceUri", "tableServiceUri", "fileServiceUri",
    };

    // ARM list functions (listKeys, listSecrets, listAccountSas...) return secrets.
    [GeneratedRegex(@"(?<![A-Za-z0-9_.])list[A-Za-z]*\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListFunction();

    // Key material in a connection string or SAS.
    [GeneratedRegex(@"AccountKey\s*=|SharedAccessKey\s*=|SharedAccessSignature\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex KeyInConnectionString();

    // A scope naming a resource: a resource type (Namespace/type) in an expression or an id.
    [GeneratedRegex(@"Microsoft\.[A-Za-z0-9]+/[A-Za-z0-9]+")]
    private static partial Regex ResourceTypeInScope();

    public static IReadOnlyList<Violation> CheckTemplate(JsonElement template) =>
        CheckStrings(template).Concat(CheckResources(ArmResources.FromTemplate(template))).ToList();

    public static IReadOnlyList<Violation> CheckSnapshot(JsonElement snapshot) =>
        CheckStrings(snapshot).Concat(CheckResources(ArmResources.FromSnapshot(snapshot))).ToList();

    private static IEnumerable<Violation> CheckStrings(JsonElement document)
    {
        foreach (var (where, text) in Json.Strings(document))
        {
            var isExpression = text.StartsWith('[') && !text.StartsWith("[[", StringComparison.Ordinal);
            if (isExpression && ListFunction().Match(text) is { Success: true } call)
            {
                yield return new(NoListFunctions, where, $"calls {call.Value.TrimEnd('(', ' ')}(): {Short(text)}");
            }
            if (KeyInConnectionString().IsMatch(text))
            {
                yield return new(NoKeyInConnectionString, where, Short(text));
            }
        }
    }

    private static IEnumerable<Violation> CheckResources(IEnumerable<ArmResource> resources)
    {
        foreach (var resource in resources)
        {
            if (resource.Is(ArmResources.RoleAssignments))
            {
                // A role assignment without scope is granted on the whole resource group (or subscription).
                if (resource.Scope is not { } scope || !ResourceTypeInScope().IsMatch(scope))
                {
                    yield return new(RoleAssignmentScopedToResource, resource.Path,
                        $"scope '{resource.Scope ?? "(none: the deployment's resource group)"}' does not name a resource");
                }
                continue;
            }
            if (resource.Existing)
            {
                continue;
            }
            if (resource.Is("Microsoft.Storage/storageAccounts"))
            {
                foreach (var v in CheckStorage(resource))
                {
                    yield return v;
                }
            }
            else if (resource.Is("Microsoft.Insights/components"))
            {
                if (!IsTrue(resource, "DisableLocalAuth"))
                {
                    yield return new(LocalAuthOff, resource.Path, "Application Insights needs DisableLocalAuth: true");
                }
            }
            else if (resource.Is("Microsoft.Maps/accounts"))
            {
                if (!IsTrue(resource, "disableLocalAuth"))
                {
                    yield return new(LocalAuthOff, resource.Path, "Azure Maps needs disableLocalAuth: true");
                }
            }

            var settings = ArmResources.AppSettings(resource);
            if (settings is null)
            {
                yield return new(AppSettingsCheckable, resource.Path,
                    "app settings are one ARM expression, not a literal list: they cannot be checked");
                continue;
            }
            foreach (var v in CheckAppSettings(resource, settings))
            {
                yield return v;
            }
        }
    }

    private static IEnumerable<Violation> CheckStorage(ArmResource storage)
    {
        if (!HasValue(storage, "allowSharedKeyAccess", JsonValueKind.False))
        {
            yield return new(StorageSharedKeyOff, storage.Path, "allowSharedKeyAccess must be false");
        }
        if (storage.Properties is not { } p || Json.String(p, "minimumTlsVersion") != "TLS1_2")
        {
            yield return new(StorageTls12, storage.Path, "minimumTlsVersion must be TLS1_2");
        }
        if (!HasValue(storage, "supportsHttpsTrafficOnly", JsonValueKind.True))
        {
            yield return new(StorageHttpsOnly, storage.Path, "supportsHttpsTrafficOnly must be true");
        }
        if (!HasValue(storage, "allowBlobPublicAccess", JsonValueKind.False))
        {
            yield return new(StorageNoPublicBlob, storage.Path, "allowBlobPublicAccess must be false");
        }
    }

    private static IEnumerable<Violation> CheckAppSettings(ArmResource site, IReadOnlyList<(string Name, JsonElement Value)> settings)
    {
        foreach (var (name, value) in settings)
        {
            var where = $"{site.Path} app setting {name}";
            var separator = name.IndexOf("__", StringComparison.Ordinal);
            var prefix = separator < 0 ? name : name[..separator];
            var suffix = separator < 0 ? null : name[(separator + 2)..];

            var namesStorage = name.Contains("storage", StringComparison.OrdinalIgnoreCase);
            var isConnectionString = name.Replace("_", "").Contains("connectionstring", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(name, "APPLICATIONINSIGHTS_CONNECTION_STRING", StringComparison.OrdinalIgnoreCase);

            if (isConnectionString)
            {
                yield return new(StorageSettingIdentityBased, where, "a connection string setting; use an identity-based connection");
            }
            else if (namesStorage && (suffix is null || !IdentitySuffixes.Contains(suffix)))
            {
                yield return new(StorageSettingIdentityBased, where,
                    $"'{prefix}' must be set as {prefix}__credential / __clientId / __*ServiceUri, not as a connection string");
            }
            else if (namesStorage && string.Equals(suffix, "credential", StringComparison.OrdinalIgnoreCase)
                && !(value.ValueKind == JsonValueKind.String && string.Equals(value.GetString(), "managedidentity", StringComparison.OrdinalIgnoreCase)))
            {
                yield return new(StorageSettingIdentityBased, where, "credential must be 'managedidentity'");
            }
        }
    }

    private static bool IsTrue(ArmResource resource, string property) => HasValue(resource, property, JsonValueKind.True);

    private static bool HasValue(ArmResource resource, string property, JsonValueKind kind) =>
        resource.Properties is { } p && Json.Get(p, property) is { } v && v.ValueKind == kind;

    private static string Short(string text) => text.Length <= 160 ? text : $"{text[..160]}...";
}
