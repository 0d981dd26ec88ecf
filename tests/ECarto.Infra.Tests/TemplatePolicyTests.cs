using System.Text.Json;

namespace ECarto.Infra.Tests;

/// <summary>The compiled ARM template (main.bicep and its modules, as nested deployments) is keyless.</summary>
[Collection(BicepCollection.Name)]
public sealed class TemplatePolicyTests(InfraFixture infra)
{
    private IReadOnlyList<ArmResource> Resources => ArmResources.FromTemplate(infra.TemplateRoot).ToList();

    private IReadOnlyList<ArmResource> Deployed(string type) =>
        Resources.Where(r => r.Is(type) && !r.Existing).ToList();

    [Fact]
    public void Compiled_template_breaks_no_rule_of_the_keyless_policy()
    {
        var violations = ArmPolicy.CheckTemplate(infra.TemplateRoot);
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public void Evaluated_deployment_breaks_no_rule_of_the_keyless_policy()
    {
        var violations = ArmPolicy.CheckSnapshot(infra.SnapshotRoot);
        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public void Modules_are_walked_so_the_policy_sees_every_resource()
    {
        // The checks above would pass on an empty template: make sure they saw the resources.
        var modules = Resources.Where(r => r.Is(ArmResources.Deployments)).ToList();
        Assert.True(modules.Count >= 4, "main.bicep is split into modules (nested deployments)");
        Assert.Single(Deployed("Microsoft.Storage/storageAccounts"));
        Assert.Single(Deployed("Microsoft.Web/sites"));
        Assert.Single(Deployed("Microsoft.Insights/components"));
        Assert.Single(Deployed("Microsoft.Maps/accounts"));
        // The app identity's four, and the inventory producers' one (deployed only when a group is given).
        Assert.Equal(5, Deployed(ArmResources.RoleAssignments).Count);
        Assert.All(Deployed(ArmResources.RoleAssignments), r => Assert.Contains(".properties.template", r.Path));
    }

    [Fact]
    public void No_list_function_anywhere()
    {
        var text = File.ReadAllText(Path.Combine(infra.TempDir, "main.json"));
        Assert.DoesNotContain("listKeys", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listSecrets", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listAccountSas", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey=", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ArmPolicy.CheckTemplate(infra.TemplateRoot), v => v.Rule == ArmPolicy.NoListFunctions);
    }

    [Fact]
    public void Storage_account_is_locked_down()
    {
        var storage = Assert.Single(Deployed("Microsoft.Storage/storageAccounts")).Properties!.Value;
        Assert.Equal(JsonValueKind.False, storage.GetProperty("allowSharedKeyAccess").ValueKind);
        Assert.Equal("TLS1_2", storage.GetProperty("minimumTlsVersion").GetString());
        Assert.Equal(JsonValueKind.True, storage.GetProperty("supportsHttpsTrafficOnly").ValueKind);
        Assert.Equal(JsonValueKind.False, storage.GetProperty("allowBlobPublicAccess").ValueKind);
        Assert.Equal(JsonValueKind.True, storage.GetProperty("defaultToOAuthAuthentication").ValueKind);
    }

    [Fact]
    public void Every_role_assignment_is_scoped_to_its_resource_with_a_stable_guid_name()
    {
        var roles = Deployed(ArmResources.RoleAssignments);
        foreach (var role in roles)
        {
            Assert.NotNull(role.Scope);
            Assert.StartsWith("[guid(", role.Name);
        }
        var producers = Assert.Single(roles, r => Json.String(r.Body, "properties", "principalId") == "[parameters('inventoryContributorsPrincipalId')]");
        Assert.Equal("[not(empty(parameters('inventoryContributorsPrincipalId')))]", Json.String(producers.Body, "condition"));
        Assert.Matches(@"^\[resourceId\('Microsoft\.Storage/storageAccounts/blobServices/containers', parameters\('name'\), 'default', parameters\('inventoryContainerName'\)\)\]$", producers.Scope);
        foreach (var role in roles.Where(r => r != producers))
        {
            Assert.Matches(@"^\[resourceId\('Microsoft\.(Storage/storageAccounts|Insights/components|Maps/accounts)'", role.Scope);
            Assert.Equal("ServicePrincipal", Json.String(role.Body, "properties", "principalType"));
        }
    }

    [Fact]
    public void Storage_app_settings_are_identity_based()
    {
        var site = Assert.Single(Deployed("Microsoft.Web/sites"));
        var settings = ArmResources.AppSettings(site);
        Assert.NotNull(settings);
        var storage = settings.Where(s => s.Name.Contains("Storage", StringComparison.OrdinalIgnoreCase)).ToList();

        Assert.Equal(
            ["AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__clientId", "AzureWebJobsStorage__credential",
             "AzureWebJobsStorage__tableServiceUri"],
            storage.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Equal("managedidentity", storage.Single(s => s.Name == "AzureWebJobsStorage__credential").Value.GetString());
        Assert.DoesNotContain(settings, s => s.Name == "AzureWebJobsStorage");
    }

    [Fact]
    public void Local_authentication_is_off()
    {
        Assert.Equal(JsonValueKind.True,
            Deployed("Microsoft.Insights/components").Single().Properties!.Value.GetProperty("DisableLocalAuth").ValueKind);
        Assert.Equal(JsonValueKind.True,
            Deployed("Microsoft.Maps/accounts").Single().Properties!.Value.GetProperty("disableLocalAuth").ValueKind);
    }

    [Fact]
    public void Outputs_include_the_site_url_and_the_api_origin_the_site_calls()
    {
        var outputs = infra.TemplateRoot.GetProperty("outputs");
        Assert.Equal("string", outputs.GetProperty("SITE_URL").GetProperty("type").GetString());
        // API_BASE_URL is what the site prefixes its calls with (config.json); the old API_URL, said to
        // be callable while the app was linked to the site, is gone.
        Assert.Equal("string", outputs.GetProperty("API_BASE_URL").GetProperty("type").GetString());
        Assert.False(outputs.TryGetProperty("API_URL", out _));
    }
}
