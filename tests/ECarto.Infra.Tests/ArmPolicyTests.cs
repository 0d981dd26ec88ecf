using System.Text.Json;

namespace ECarto.Infra.Tests;

/// <summary>The policy checker catches violations, so its silence on infra/ means something.</summary>
public sealed class ArmPolicyTests
{
    private static IReadOnlyList<Violation> Check(string template)
    {
        using var document = JsonDocument.Parse(template);
        return ArmPolicy.CheckTemplate(document.RootElement);
    }

    private static string Template(string resources) => $$"""
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "resources": [ {{resources}} ]
        }
        """;

    private const string GoodStorage = """
        {
          "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2026-09-01", "name": "st",
          "properties": { "allowSharedKeyAccess": false, "minimumTlsVersion": "TLS1_2",
                          "supportsHttpsTrafficOnly": true, "allowBlobPublicAccess": false }
        }
        """;

    private const string GoodRole = """
        {
          "type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01",
          "scope": "[resourceId('Microsoft.Storage/storageAccounts', 'st')]",
          "name": "[guid('a')]", "properties": { "principalId": "p", "principalType": "ServicePrincipal", "roleDefinitionId": "r" }
        }
        """;

    private const string GoodSite = """
        {
          "type": "Microsoft.Web/sites", "apiVersion": "2025-03-01", "name": "func",
          "properties": { "siteConfig": { "appSettings": [
            { "name": "AzureWebJobsStorage__credential", "value": "managedidentity" },
            { "name": "AzureWebJobsStorage__blobServiceUri", "value": "[reference('st').primaryEndpoints.blob]" },
            { "name": "APPLICATIONINSIGHTS_CONNECTION_STRING", "value": "[reference('appi').ConnectionString]" }
          ] } }
        }
        """;

    private static HashSet<string> Rules(IReadOnlyList<Violation> violations) => violations.Select(v => v.Rule).ToHashSet();

    [Fact]
    public void A_compliant_template_passes()
    {
        var violations = Check(Template($"{GoodStorage}, {GoodRole}, {GoodSite}"));
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public void Storage_with_shared_keys_old_tls_http_and_public_blobs_is_caught()
    {
        var violations = Check(Template("""
            {
              "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2026-09-01", "name": "st",
              "properties": { "allowSharedKeyAccess": true, "minimumTlsVersion": "TLS1_0",
                              "supportsHttpsTrafficOnly": false, "allowBlobPublicAccess": true }
            }
            """));
        Assert.Equal(
            [ArmPolicy.StorageHttpsOnly, ArmPolicy.StorageNoPublicBlob, ArmPolicy.StorageSharedKeyOff, ArmPolicy.StorageTls12],
            violations.Select(v => v.Rule).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Storage_that_leaves_the_insecure_defaults_is_caught()
    {
        // Shared key access is on unless turned off: an absent property is a violation.
        var violations = Check(Template("""{ "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2026-09-01", "name": "st", "properties": {} }"""));
        Assert.Contains(ArmPolicy.StorageSharedKeyOff, Rules(violations));
        Assert.Contains(ArmPolicy.StorageNoPublicBlob, Rules(violations));
    }

    [Fact]
    public void A_connection_string_built_with_listKeys_is_caught()
    {
        var violations = Check(Template("""
            {
              "type": "Microsoft.Web/sites", "apiVersion": "2025-03-01", "name": "func",
              "properties": { "siteConfig": { "appSettings": [
                { "name": "AzureWebJobsStorage",
                  "value": "[format('DefaultEndpointsProtocol=https;AccountName={0};AccountKey={1}', 'st', listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2026-09-01').keys[0].value)]" }
              ] } }
            }
            """));
        Assert.Contains(ArmPolicy.NoListFunctions, Rules(violations));
        Assert.Contains(ArmPolicy.NoKeyInConnectionString, Rules(violations));
        Assert.Contains(ArmPolicy.StorageSettingIdentityBased, Rules(violations));
    }

    [Theory]
    [InlineData("[listSecrets(resourceId('Microsoft.Web/staticSites', 's'), '2025-03-01').properties.apiKey]")]
    [InlineData("[listkeys('x', '2020-01-01')]")]
    [InlineData("[concat('a', listAccountSas('st', '2026-09-01', createObject()).accountSasToken)]")]
    public void Any_list_function_is_caught(string expression)
    {
        var violations = Check(Template($$"""{ "type": "Microsoft.Web/sites", "apiVersion": "2025-03-01", "name": "f", "properties": { "x": "{{expression.Replace("\"", "\\\"")}}" } }"""));
        Assert.Contains(ArmPolicy.NoListFunctions, Rules(violations));
    }

    [Fact]
    public void The_word_list_in_a_plain_description_is_not_a_call()
    {
        var violations = Check(Template("""{ "type": "Microsoft.Web/sites", "apiVersion": "2025-03-01", "name": "f", "metadata": { "description": "list (of tables)" } }"""));
        Assert.Empty(violations);
    }

    [Fact]
    public void A_literal_key_in_any_string_is_caught()
    {
        var violations = Check(Template("""
            { "type": "Microsoft.Web/sites", "apiVersion": "2025-03-01", "name": "f",
              "properties": { "siteConfig": { "appSettings": [
                { "name": "ECARTO_EVENTS", "value": "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=abc=" }
              ] } } }
            """));
        Assert.Contains(ArmPolicy.NoKeyInConnectionString, Rules(violations));
    }

    [Theory]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("AzureWebJobsStorage__connectionString")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("ECARTO_STORAGE")]
    public void Storage_settings_that_are_not_identity_based_are_caught(string name)
    {
        var violations = Check(Template($$"""
            { "type": "Microsoft.Web/sites", "apiVersion": "2025-03-01", "name": "f",
              "properties": { "siteConfig": { "appSettings": [ { "name": "{{name}}", "value": "[parameters('x')]" } ] } } }
            """));
        Assert.Equal([ArmPolicy.StorageSettingIdentityBased], violations.Select(v => v.Rule));
    }

    [Fact]
    public void A_storage_credential_other_than_managed_identity_is_caught()
    {
        var violations = Check(Template("""
            { "type": "Microsoft.Web/sites", "apiVersion": "2025-03-01", "name": "f",
              "properties": { "siteConfig": { "appSettings": [ { "name": "AzureWebJobsStorage__credential", "value": "connectionstring" } ] } } }
            """));
        Assert.Equal([ArmPolicy.StorageSettingIdentityBased], violations.Select(v => v.Rule));
    }

    [Fact]
    public void App_settings_in_a_config_resource_are_checked_too()
    {
        var violations = Check(Template("""
            { "type": "Microsoft.Web/sites/config", "apiVersion": "2025-03-01", "name": "[format('{0}/{1}', 'f', 'appsettings')]",
              "properties": { "AzureWebJobsStorage": "[parameters('cs')]" } }
            """));
        Assert.Equal([ArmPolicy.StorageSettingIdentityBased], violations.Select(v => v.Rule));
    }

    [Fact]
    public void App_settings_hidden_in_one_expression_are_reported_as_uncheckable()
    {
        var violations = Check(Template("""
            { "type": "Microsoft.Web/sites", "apiVersion": "2025-03-01", "name": "f",
              "properties": { "siteConfig": { "appSettings": "[variables('settings')]" } } }
            """));
        Assert.Equal([ArmPolicy.AppSettingsCheckable], violations.Select(v => v.Rule));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("[resourceGroup().id]")]
    [InlineData("[subscription().id]")]
    [InlineData("/")]
    public void A_role_assignment_not_scoped_to_a_resource_is_caught(string? scope)
    {
        var scopeProperty = scope is null ? "" : $"\"scope\": \"{scope}\",";
        var violations = Check(Template($$"""
            { "type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01", {{scopeProperty}}
              "name": "[guid('a')]", "properties": { "principalId": "p", "roleDefinitionId": "r" } }
            """));
        Assert.Equal([ArmPolicy.RoleAssignmentScopedToResource], violations.Select(v => v.Rule));
    }

    [Fact]
    public void Local_auth_left_on_is_caught()
    {
        var violations = Check(Template("""
            { "type": "Microsoft.Insights/components", "apiVersion": "2020-02-02", "name": "appi", "kind": "web", "properties": { "Application_Type": "web" } },
            { "type": "Microsoft.Maps/accounts", "apiVersion": "2023-06-01", "name": "map", "properties": { "disableLocalAuth": false } }
            """));
        Assert.Equal([ArmPolicy.LocalAuthOff, ArmPolicy.LocalAuthOff], violations.Select(v => v.Rule));
    }

    [Fact]
    public void Violations_inside_nested_deployments_are_found()
    {
        // Bicep modules compile to Microsoft.Resources/deployments; languageVersion 2.0 keys resources by name.
        var violations = Check($$"""
            {
              "languageVersion": "2.0",
              "contentVersion": "1.0.0.0",
              "resources": {
                "outer": {
                  "type": "Microsoft.Resources/deployments", "apiVersion": "2025-04-01", "name": "outer",
                  "properties": { "mode": "Incremental", "template": {
                    "contentVersion": "1.0.0.0",
                    "resources": [ {
                      "type": "Microsoft.Resources/deployments", "apiVersion": "2025-04-01", "name": "inner",
                      "properties": { "mode": "Incremental", "template": {
                        "contentVersion": "1.0.0.0",
                        "resources": [
                          { "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2026-09-01", "name": "st",
                            "properties": { "allowSharedKeyAccess": true, "minimumTlsVersion": "TLS1_2",
                                            "supportsHttpsTrafficOnly": true, "allowBlobPublicAccess": false } },
                          { "type": "Microsoft.Authorization/roleAssignments", "apiVersion": "2022-04-01",
                            "name": "[guid('x')]", "properties": { "principalId": "p", "roleDefinitionId": "r" } }
                        ] } }
                    } ] } }
                }
              }
            }
            """);
        Assert.Equal(
            [ArmPolicy.RoleAssignmentScopedToResource, ArmPolicy.StorageSharedKeyOff],
            violations.Select(v => v.Rule).Order(StringComparer.Ordinal));
        Assert.All(violations, v => Assert.Contains("properties.template", v.Where));
    }

    [Fact]
    public void Existing_resources_are_references_and_not_checked_as_deployed()
    {
        var violations = Check("""
            {
              "languageVersion": "2.0", "contentVersion": "1.0.0.0",
              "resources": { "st": { "existing": true, "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2026-09-01", "name": "st" } }
            }
            """);
        Assert.Empty(violations);
    }

    [Fact]
    public void A_snapshot_role_assignment_at_resource_group_scope_is_caught()
    {
        using var snapshot = JsonDocument.Parse("""
            {
              "predictedResources": [
                { "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Authorization/roleAssignments/1",
                  "type": "Microsoft.Authorization/roleAssignments", "name": "1", "properties": {} },
                { "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/providers/Microsoft.Authorization/roleAssignments/2",
                  "type": "Microsoft.Authorization/roleAssignments", "name": "2", "properties": {} }
              ],
              "diagnostics": [], "outputs": {}
            }
            """);
        var violations = ArmPolicy.CheckSnapshot(snapshot.RootElement);
        var violation = Assert.Single(violations);
        Assert.Equal(ArmPolicy.RoleAssignmentScopedToResource, violation.Rule);
        Assert.Contains("roleAssignments/1", violation.Where);
    }
}
