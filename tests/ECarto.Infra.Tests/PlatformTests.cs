using System.Text.Json;
using System.Text.RegularExpressions;

namespace ECarto.Infra.Tests;

/// <summary>
/// What gets deployed, read from `bicep snapshot` of main.bicep with main.parameters.json:
/// names, loops and ids are evaluated, so the facts below are the ones Azure would receive.
/// </summary>
[Collection(BicepCollection.Name)]
public sealed class PlatformTests(InfraFixture infra)
{
    private const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string MapsDataReader = "423170ca-a8f6-4b0f-8487-9e4eb8f49bfa";
    private const string BlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

    private IReadOnlyList<ArmResource> Resources => ArmResources.FromSnapshot(infra.SnapshotRoot).ToList();

    private ArmResource One(string type) => Assert.Single(Resources, r => r.Is(type));

    private static string Id(ArmResource r) => Json.String(r.Body, "id")!;

    private JsonElement Parameter(string name)
    {
        using var file = JsonDocument.Parse(File.ReadAllText(infra.ParametersFile));
        return file.RootElement.GetProperty("parameters").GetProperty(name).GetProperty("value").Clone();
    }

    [Fact]
    public void The_template_describes_these_resources_and_nothing_more()
    {
        string[] expected =
        [
            "Microsoft.Authorization/roleAssignments",
            "Microsoft.Insights/actionGroups",
            "Microsoft.Insights/components",
            "Microsoft.Insights/scheduledQueryRules",
            "Microsoft.ManagedIdentity/userAssignedIdentities",
            "Microsoft.Maps/accounts",
            "Microsoft.OperationalInsights/workspaces",
            "Microsoft.Storage/storageAccounts",
            "Microsoft.Storage/storageAccounts/blobServices",
            "Microsoft.Storage/storageAccounts/blobServices/containers",
            "Microsoft.Storage/storageAccounts/tableServices",
            "Microsoft.Storage/storageAccounts/tableServices/tables",
            "Microsoft.Web/serverfarms",
            "Microsoft.Web/sites",
            "Microsoft.Web/sites/basicPublishingCredentialsPolicies",
            "Microsoft.Web/staticSites",
        ];
        Assert.Equal(expected, Resources.Select(r => r.Type).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Storage_holds_the_tables_and_containers_the_app_uses()
    {
        var account = Id(One("Microsoft.Storage/storageAccounts"));
        var tables = Resources.Where(r => r.Is("Microsoft.Storage/storageAccounts/tableServices/tables")).ToList();
        var containers = Resources.Where(r => r.Is("Microsoft.Storage/storageAccounts/blobServices/containers")).ToList();

        Assert.Equal(["runs", "schools", "territories", "versions"], tables.Select(t => Id(t).Split('/')[^1]).Order());
        Assert.Equal(["deployments", "exports", "inventaires", "raw", "rejects", "snapshots"], containers.Select(c => Id(c).Split('/')[^1]).Order());
        Assert.All(tables.Concat(containers), r => Assert.StartsWith($"{account}/", Id(r)));
        Assert.All(containers, c => Assert.Equal("None", Json.String(c.Body, "properties", "publicAccess")));
    }

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_flex_consumption()
    {
        var plan = One("Microsoft.Web/serverfarms");
        var app = One("Microsoft.Web/sites");
        var config = app.Properties!.Value.GetProperty("functionAppConfig");

        Assert.Equal("FC1", Json.String(plan.Body, "sku", "name"));
        Assert.Equal("FlexConsumption", Json.String(plan.Body, "sku", "tier"));
        Assert.Equal("functionapp,linux", Json.String(app.Body, "kind"));
        Assert.Equal(Id(plan), Json.String(app.Body, "properties", "serverFarmId"));
        Assert.Equal(JsonValueKind.True, app.Properties!.Value.GetProperty("httpsOnly").ValueKind);
        Assert.Equal("dotnet-isolated", Json.String(config, "runtime", "name"));
        Assert.Equal("10.0", Json.String(config, "runtime", "version"));
        Assert.Equal(Parameter("instanceMemoryMB").GetInt32(), config.GetProperty("scaleAndConcurrency").GetProperty("instanceMemoryMB").GetInt32());
        Assert.Equal(Parameter("maximumInstanceCount").GetInt32(), config.GetProperty("scaleAndConcurrency").GetProperty("maximumInstanceCount").GetInt32());
    }

    [Fact]
    public void Deployment_package_comes_from_a_blob_container_read_with_the_identity()
    {
        var identity = Id(One("Microsoft.ManagedIdentity/userAssignedIdentities"));
        var account = Id(One("Microsoft.Storage/storageAccounts"));
        var app = One("Microsoft.Web/sites");
        var storage = app.Properties!.Value.GetProperty("functionAppConfig").GetProperty("deployment").GetProperty("storage");

        Assert.Equal("blobContainer", Json.String(storage, "type"));
        Assert.Contains($"reference('{account}'", Json.String(storage, "value"));
        Assert.Contains(".primaryEndpoints.blob, 'deployments')", Json.String(storage, "value"));
        Assert.Equal("UserAssignedIdentity", Json.String(storage, "authentication", "type"));
        Assert.Equal(identity, Json.String(storage, "authentication", "userAssignedIdentityResourceId"));
        Assert.Equal("UserAssigned", Json.String(app.Body, "identity", "type"));
        Assert.Equal([identity], app.Body.GetProperty("identity").GetProperty("userAssignedIdentities").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void App_settings_are_the_ones_the_code_reads_and_hold_no_secret()
    {
        var identity = Id(One("Microsoft.ManagedIdentity/userAssignedIdentities"));
        var account = Id(One("Microsoft.Storage/storageAccounts"));
        var insights = Id(One("Microsoft.Insights/components"));
        var maps = Id(One("Microsoft.Maps/accounts"));
        var settings = ArmResources.AppSettings(One("Microsoft.Web/sites"))!
            .ToDictionary(s => s.Name, s => s.Value.GetString());
        var clientId = $"reference('{identity}', '2024-11-30').clientId";

        Assert.Equal(
            new[]
            {
                "APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "APPLICATIONINSIGHTS_CONNECTION_STRING", "AZURE_CLIENT_ID",
                "AZURE_MAPS_CLIENT_ID", "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__clientId",
                "AzureWebJobsStorage__credential", "AzureWebJobsStorage__tableServiceUri",
                "DOTNET_GCgen0size", "ECARTO_ADMIN_ENABLED", "ECARTO_SCHEDULE_ARCEP_MOBILE", "ECARTO_SCHEDULE_ARCEP_THD", "ECARTO_SCHEDULE_ARCEP_FIXE", "ECARTO_SCHEDULE_IPS", "ECARTO_SCHEDULE_EFFECTIFS", "ECARTO_SCHEDULE_COLLEGES", "ECARTO_SCHEDULE_COG", "ECARTO_SCHEDULE_INVENTAIRE", "ECARTO_SCHEDULE_ANNUAIRE",
            }.Order(StringComparer.Ordinal),
            settings.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal($"[{clientId}]", settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal($"[{clientId}]", settings["AZURE_CLIENT_ID"]);
        Assert.Matches($@"^\[reference\('{Regex.Escape(account)}', '[0-9-]+'\)\.primaryEndpoints\.blob\]$", settings["AzureWebJobsStorage__blobServiceUri"]);
        Assert.Matches($@"^\[reference\('{Regex.Escape(account)}', '[0-9-]+'\)\.primaryEndpoints\.table\]$", settings["AzureWebJobsStorage__tableServiceUri"]);
        // No queue trigger or output, no queue role: the host is not given the queue service.
        Assert.DoesNotContain("AzureWebJobsStorage__queueServiceUri", settings.Keys);
        Assert.Matches($@"^\[reference\('{Regex.Escape(insights)}', '[0-9-]+'\)\.ConnectionString\]$", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.Equal($"[format('ClientId={{0}};Authorization=AAD', {clientId})]", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.Matches($@"^\[reference\('{Regex.Escape(maps)}', '[0-9-]+'\)\.uniqueId\]$", settings["AZURE_MAPS_CLIENT_ID"]);
        Assert.Equal(Parameter("schedules").GetProperty("annuaire").GetString(), settings["ECARTO_SCHEDULE_ANNUAIRE"]);
        Assert.Equal(Parameter("schedules").GetProperty("inventaire").GetString(), settings["ECARTO_SCHEDULE_INVENTAIRE"]);
        Assert.Equal(Parameter("schedules").GetProperty("cog").GetString(), settings["ECARTO_SCHEDULE_COG"]);
        Assert.Equal(Parameter("schedules").GetProperty("colleges").GetString(), settings["ECARTO_SCHEDULE_COLLEGES"]);
        Assert.Equal(Parameter("schedules").GetProperty("effectifs").GetString(), settings["ECARTO_SCHEDULE_EFFECTIFS"]);
        Assert.Equal(Parameter("schedules").GetProperty("ips").GetString(), settings["ECARTO_SCHEDULE_IPS"]);
        Assert.Equal(Parameter("schedules").GetProperty("arcepFixe").GetString(), settings["ECARTO_SCHEDULE_ARCEP_FIXE"]);
        Assert.Equal(Parameter("schedules").GetProperty("arcepThd").GetString(), settings["ECARTO_SCHEDULE_ARCEP_THD"]);
        Assert.Equal(Parameter("schedules").GetProperty("arcepMobile").GetString(), settings["ECARTO_SCHEDULE_ARCEP_MOBILE"]);
        Assert.Equal(6, settings["ECARTO_SCHEDULE_ANNUAIRE"]!.Split(' ').Length);
        Assert.Equal("false", settings["ECARTO_ADMIN_ENABLED"]);
        // The worker's gen0 budget is the local host's (its launch profile), the one the load benchmark measured.
        using var launch = JsonDocument.Parse(File.ReadAllText(Path.Combine(infra.RepoRoot, "functions", "ECarto.LocalHost", "Properties", "launchSettings.json")));
        var local = launch.RootElement.GetProperty("profiles").GetProperty("ECarto.LocalHost").GetProperty("environmentVariables").GetProperty("DOTNET_GCgen0size").GetString();
        Assert.Equal("0x2000000", local);
        Assert.Equal(local, settings["DOTNET_GCgen0size"]);
        // Flex Consumption takes the runtime from functionAppConfig and rejects these settings.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings.Keys);
        Assert.DoesNotContain("WEBSITE_RUN_FROM_PACKAGE", settings.Keys);
    }

    [Fact]
    public void The_identity_holds_only_the_roles_the_app_needs_each_on_its_resource()
    {
        var identity = Id(One("Microsoft.ManagedIdentity/userAssignedIdentities"));
        var expected = new Dictionary<string, string[]>
        {
            [Id(One("Microsoft.Storage/storageAccounts"))] = [BlobDataOwner, TableDataContributor],
            [Id(One("Microsoft.Insights/components"))] = [MonitoringMetricsPublisher],
            [Id(One("Microsoft.Maps/accounts"))] = [MapsDataReader],
        };
        var roles = Resources.Where(r => r.Is(ArmResources.RoleAssignments)).ToList();
        var granted = roles
            .GroupBy(r => r.Scope!)
            .ToDictionary(g => g.Key, g => g.Select(r => Json.String(r.Body, "properties", "roleDefinitionId")!.Split('/')[^1]).Order().ToArray());

        Assert.Equal(expected.Keys.Order(), granted.Keys.Order());
        foreach (var (scope, roleIds) in expected)
        {
            Assert.Equal(roleIds.Order(), granted[scope]);
        }
        Assert.All(roles, r =>
        {
            Assert.Equal("ServicePrincipal", Json.String(r.Body, "properties", "principalType"));
            Assert.Equal($"[reference('{identity}', '2024-11-30').principalId]", Json.String(r.Body, "properties", "principalId"));
            Assert.Equal($"/subscriptions/{InfraFixture.SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/",
                Json.String(r.Body, "properties", "roleDefinitionId")![..^36]);
        });
    }

    [Fact]
    public void Alerts_watch_the_ingestion_traces_and_mail_the_address_given_at_deployment()
    {
        var group = One("Microsoft.Insights/actionGroups");
        var receiver = Assert.Single(group.Properties!.Value.GetProperty("emailReceivers").EnumerateArray());
        Assert.Equal(InfraFixture.AlertEmail, Json.String(receiver, "emailAddress"));
        Assert.Equal(JsonValueKind.True, group.Properties!.Value.GetProperty("enabled").ValueKind);
        // azd fills it from the environment (azd env set AZURE_ALERT_EMAIL …).
        Assert.Equal("${AZURE_ALERT_EMAIL}", Parameter("alertEmail").GetString());

        var insights = Id(One("Microsoft.Insights/components"));
        var rules = Resources.Where(r => r.Is("Microsoft.Insights/scheduledQueryRules")).ToList();
        Assert.Equal(["ecarto-source-failed-twice", "ecarto-version-too-old"], rules.Select(r => r.Name).Order());
        Assert.All(rules, rule =>
        {
            var properties = rule.Properties!.Value;
            Assert.Equal([insights], properties.GetProperty("scopes").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal([Id(group)], properties.GetProperty("actions").GetProperty("actionGroups").EnumerateArray().Select(e => e.GetString()));
            var criterion = Assert.Single(properties.GetProperty("criteria").GetProperty("allOf").EnumerateArray());
            // The traces IngestionTelemetry writes (its message start and its custom dimensions).
            Assert.StartsWith("traces | where message startswith \"Exécution d'ingestion\"", Json.String(criterion, "query")!.Replace("let runs = ", ""));
            Assert.Equal("GreaterThan", Json.String(criterion, "operator"));
            Assert.Null(Json.Get(rule.Body, "identity"));
        });
        var failedTwice = rules.Single(r => r.Name == "ecarto-source-failed-twice");
        Assert.Contains("ConsecutiveFailures >= 2", Json.String(failedTwice.Properties!.Value.GetProperty("criteria").GetProperty("allOf")[0], "query"));
        var tooOld = rules.Single(r => r.Name == "ecarto-version-too-old");
        Assert.Contains("ago(26h)", Json.String(tooOld.Properties!.Value.GetProperty("criteria").GetProperty("allOf")[0], "query"));
        Assert.Contains("ago(35d)", Json.String(tooOld.Properties!.Value.GetProperty("criteria").GetProperty("allOf")[0], "query"));
    }

    [Fact]
    public void Inventory_producers_get_blob_data_contributor_on_the_inventaires_container_only()
    {
        // Deployed with the producers' group (AZURE_INVENTORY_CONTRIBUTORS_PRINCIPAL_ID).
        var resources = ArmResources.FromSnapshot(infra.SnapshotWithContributorsRoot).ToList();
        var container = Assert.Single(resources, r => r.Is("Microsoft.Storage/storageAccounts/blobServices/containers") && Id(r).EndsWith("/inventaires", StringComparison.Ordinal));
        Assert.Equal("None", Json.String(container.Body, "properties", "publicAccess"));
        var group = resources.Where(r => r.Is(ArmResources.RoleAssignments)
            && Json.String(r.Body, "properties", "principalId") == InfraFixture.InventoryContributorsGroupId).ToList();

        var role = Assert.Single(group);
        Assert.Equal(Id(container), role.Scope);
        Assert.Equal(BlobDataContributor, Json.String(role.Body, "properties", "roleDefinitionId")!.Split('/')[^1]);
        Assert.Equal("Group", Json.String(role.Body, "properties", "principalType"));
        // Everything else is as without the group: the only difference is this one assignment.
        Assert.Equal(Resources.Count + 1, resources.Count);
        Assert.Empty(ArmPolicy.CheckSnapshot(infra.SnapshotWithContributorsRoot));
        // Without a group (main.parameters.json's default), nobody but the app's identity holds a role.
        Assert.DoesNotContain(Resources, r => r.Is(ArmResources.RoleAssignments) && r.Scope == Id(container));
    }

    [Fact]
    public void Telemetry_goes_to_a_workspace_based_application_insights_without_keys()
    {
        var workspace = One("Microsoft.OperationalInsights/workspaces");
        var insights = One("Microsoft.Insights/components");
        Assert.Equal(Id(workspace), Json.String(insights.Body, "properties", "WorkspaceResourceId"));
        Assert.Equal(JsonValueKind.True, insights.Properties!.Value.GetProperty("DisableLocalAuth").ValueKind);
        Assert.Equal(JsonValueKind.True, Json.Path(workspace.Body, "properties", "features", "disableLocalAuth")?.ValueKind);
    }

    [Fact]
    public void Azure_maps_is_a_keyless_gen2_account()
    {
        var maps = One("Microsoft.Maps/accounts");
        Assert.Equal("Gen2", Json.String(maps.Body, "kind"));
        Assert.Equal("G2", Json.String(maps.Body, "sku", "name"));
        Assert.Equal(JsonValueKind.True, maps.Properties!.Value.GetProperty("disableLocalAuth").ValueKind);
    }

    [Fact]
    public void Function_app_lets_only_the_site_call_it_from_a_browser()
    {
        var site = One("Microsoft.Web/staticSites");
        var app = One("Microsoft.Web/sites");
        var cors = app.Properties!.Value.GetProperty("siteConfig").GetProperty("cors");

        Assert.Equal("Standard", Json.String(site.Body, "sku", "name"));
        // One origin, the site's own https host name (what SITE_URL gives), and no cookies.
        var origin = Assert.Single(cors.GetProperty("allowedOrigins").EnumerateArray()).GetString();
        Assert.Matches($@"^{Regex.Escape($"[format('https://{{0}}', reference('{Id(site)}', '")}[0-9-]+'\)\.defaultHostname\)]$", origin);
        Assert.Equal(infra.SnapshotRoot.GetProperty("outputs").GetProperty("SITE_URL").GetString(), origin);
        Assert.Equal(JsonValueKind.False, cors.GetProperty("supportCredentials").ValueKind);
    }

    [Fact]
    public void By_default_the_site_calls_the_function_app_directly_not_through_a_linked_backend()
    {
        // Flex Consumption is not among the plans the Static Web Apps documentation lists as linkable:
        // unless linkApiToSite is set, no linked backend, and API_BASE_URL is the function app's origin.
        Assert.DoesNotContain(Resources, r => r.Is("Microsoft.Web/staticSites/linkedBackends"));
        var app = One("Microsoft.Web/sites");
        var apiBase = infra.SnapshotRoot.GetProperty("outputs").GetProperty("API_BASE_URL").GetString();
        Assert.Matches($@"^{Regex.Escape($"[format('https://{{0}}', reference('{Id(app)}', '")}[0-9-]+'\)\.defaultHostName\)]$", apiBase);
    }

    [Fact]
    public void Linking_the_function_app_to_the_site_is_a_parameter_whose_api_base_url_is_the_sites_own_origin()
    {
        var template = infra.TemplateRoot;
        Assert.Equal(JsonValueKind.False, template.GetProperty("parameters").GetProperty("linkApiToSite").GetProperty("defaultValue").ValueKind);
        var backend = Assert.Single(ArmResources.FromTemplate(template), r => r.Is("Microsoft.Web/staticSites/linkedBackends"));
        Assert.Equal("[parameters('linkApiToSite')]", Json.String(backend.Body, "condition"));
        Assert.StartsWith("[if(parameters('linkApiToSite'), '', ",
            template.GetProperty("outputs").GetProperty("API_BASE_URL").GetProperty("value").GetString());
    }

    [Fact]
    public void Azd_finds_its_services_and_environment_by_tags()
    {
        Assert.Equal("api", Json.String(One("Microsoft.Web/sites").Body, "tags", "azd-service-name"));
        Assert.Equal("web", Json.String(One("Microsoft.Web/staticSites").Body, "tags", "azd-service-name"));
        var tagged = Resources.Where(r => Json.Get(r.Body, "location") is not null && !r.Is(ArmResources.RoleAssignments)).ToList();
        Assert.NotEmpty(tagged);
        Assert.All(tagged, r => Assert.Equal(InfraFixture.AzdEnvironment["AZURE_ENV_NAME"], Json.String(r.Body, "tags", "azd-env-name")));
    }

    [Fact]
    public void Outputs_give_the_site_url_and_what_azd_needs()
    {
        var outputs = infra.SnapshotRoot.GetProperty("outputs");
        var site = Id(One("Microsoft.Web/staticSites"));
        var app = One("Microsoft.Web/sites");

        Assert.Matches(
            $@"^{Regex.Escape($"[format('https://{{0}}', reference('{site}', '")}[0-9-]+'\)\.defaultHostname\)]$",
            outputs.GetProperty("SITE_URL").GetString());
        // No API_URL: API_BASE_URL says what the site calls (see the tests above).
        Assert.False(outputs.TryGetProperty("API_URL", out _));
        Assert.Equal(InfraFixture.Location, outputs.GetProperty("AZURE_LOCATION").GetString());
        Assert.Equal(InfraFixture.TenantId, outputs.GetProperty("AZURE_TENANT_ID").GetString());
        Assert.Equal(InfraFixture.ResourceGroup, outputs.GetProperty("AZURE_RESOURCE_GROUP").GetString());
        Assert.Equal(app.Name, outputs.GetProperty("SERVICE_API_NAME").GetString());
        Assert.Equal(app.Name, outputs.GetProperty("AZURE_FUNCTION_APP_NAME").GetString());
        Assert.Equal(One("Microsoft.Web/staticSites").Name, outputs.GetProperty("SERVICE_WEB_NAME").GetString());
        Assert.Equal(One("Microsoft.Storage/storageAccounts").Name, outputs.GetProperty("AZURE_STORAGE_ACCOUNT_NAME").GetString());
    }

    [Fact]
    public void Resource_names_fit_azure_limits()
    {
        var storage = One("Microsoft.Storage/storageAccounts").Name;
        Assert.Matches("^[a-z0-9]{3,24}$", storage);
        Assert.InRange(One("Microsoft.Web/sites").Name.Length, 2, 60);
        Assert.Matches("^[a-z0-9-]+$", One("Microsoft.Web/sites").Name);
    }
}
