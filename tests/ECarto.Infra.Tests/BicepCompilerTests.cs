using System.Text.Json;

namespace ECarto.Infra.Tests;

/// <summary>infra/ compiles and lints clean with the pinned compiler, and the lint rules are errors.</summary>
[Collection(BicepCollection.Name)]
public sealed class BicepCompilerTests(InfraFixture infra)
{
    // Rules that must stay raised to "error" in infra/bicepconfig.json.
    public static readonly string[] RequiredErrorRules =
    [
        "no-unused-params", "no-unused-vars", "use-recent-api-versions", "secure-secrets-in-params",
        "outputs-should-not-contain-secrets", "no-hardcoded-env-urls", "prefer-interpolation",
        "use-resource-symbol-reference", "no-unnecessary-dependson", "simplify-interpolation",
        "use-secure-value-for-secure-inputs", "protect-commandtoexecute-secrets",
        "adminusername-should-not-be-literal", "no-loc-expr-outside-params", "use-stable-resource-identifiers",
        "use-parent-property", "artifacts-parameters", "explicit-values-for-loc-params", "no-hardcoded-location",
        "max-outputs", "max-params", "max-resources", "max-variables",
    ];

    [Fact]
    public void Build_succeeds_without_any_diagnostic()
    {
        Assert.True(infra.Build.ExitCode == 0, infra.Build.ToString());
        // Warnings too: BCP037/BCP035 (unknown or missing properties), BCP081 (API version without types)...
        Assert.Empty(infra.BuildDiagnostics);
        Assert.Equal(JsonValueKind.Object, infra.TemplateRoot.ValueKind);
    }

    [Fact]
    public void Lint_of_every_bicep_file_reports_nothing()
    {
        Assert.True(infra.Lint.ExitCode == 0, infra.Lint.ToString());
        Assert.Empty(infra.LintDiagnostics);
        // One SARIF document per file: main.bicep and every module were linted.
        var files = Directory.EnumerateFiles(infra.InfraDir, "*.bicep", SearchOption.AllDirectories).Count();
        Assert.True(files >= 2, "main.bicep is split into modules");
        Assert.Equal(files, infra.Lint.StdOut.Split("\"runs\"").Length - 1);
    }

    [Fact]
    public void Api_versions_are_the_newest_the_pinned_compiler_knows_so_lint_keeps_passing_as_time_goes_by()
    {
        Assert.True(infra.FutureLint.ExitCode == 0, infra.FutureLint.ToString());
        Assert.DoesNotContain(infra.FutureLintDiagnostics, d => d.RuleId == "use-recent-api-versions");
    }

    [Fact]
    public void Bicepconfig_raises_the_lint_rules_to_errors()
    {
        var rules = infra.ReadConfig()["analyzers"]!["core"]!["rules"]!.AsObject();
        foreach (var rule in RequiredErrorRules)
        {
            Assert.True(rules.ContainsKey(rule), $"bicepconfig.json does not set {rule}");
        }
        foreach (var (name, value) in rules)
        {
            Assert.True((string?)value!["level"] == "error", $"{name} is not at level error");
        }
    }

    [Fact]
    public void The_config_makes_lint_fail_on_what_would_only_be_warnings()
    {
        // A bad file next to a copy of infra/bicepconfig.json: lint must exit non-zero.
        var dir = Directory.CreateTempSubdirectory("ecarto-lint-").FullName;
        try
        {
            File.Copy(infra.ConfigFile, Path.Combine(dir, "bicepconfig.json"));
            File.WriteAllText(Path.Combine(dir, "bad.bicep"), """
                param unused string
                param name string
                var endpoint = 'https://management.azure.com/'
                resource st 'Microsoft.Storage/storageAccounts@2019-06-01' = {
                  name: concat('st', name)
                  location: resourceGroup().location
                  kind: 'StorageV2'
                  sku: {
                    name: 'Standard_LRS'
                  }
                }
                output endpoint string = endpoint
                output id string = st.id
                """);
            var result = BicepCli.Run(dir, "lint", "bad.bicep", "--diagnostics-format", "sarif");
            var rules = Sarif.Parse(result.StdOut).Where(d => d.Level == "error").Select(d => d.RuleId).ToHashSet();

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("no-unused-params", rules);
            Assert.Contains("use-recent-api-versions", rules);
            Assert.Contains("prefer-interpolation", rules);
            Assert.Contains("no-hardcoded-env-urls", rules);
            Assert.Contains("no-loc-expr-outside-params", rules);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Parameters_file_names_only_declared_parameters_and_every_required_one()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(infra.ParametersFile));
        var given = file.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();
        var declared = infra.TemplateRoot.GetProperty("parameters").EnumerateObject().ToList();

        Assert.NotEmpty(given);
        foreach (var name in given)
        {
            Assert.Contains(declared, p => p.Name == name);
        }
        foreach (var p in declared.Where(p => !p.Value.TryGetProperty("defaultValue", out _)))
        {
            Assert.Contains(p.Name, given);
        }
    }

    [Fact]
    public void Parameters_file_values_type_check_and_the_deployment_evaluates()
    {
        // bicep snapshot fails on an undeclared, missing or ill-typed parameter.
        Assert.True(infra.Snapshot.ExitCode == 0, infra.Snapshot.ToString());
        Assert.Empty(infra.SnapshotRoot.GetProperty("diagnostics").EnumerateArray());
        Assert.NotEmpty(ArmResources.FromSnapshot(infra.SnapshotRoot));
    }

    [Fact]
    public void Parameters_file_uses_only_variables_azd_sets()
    {
        var text = File.ReadAllText(infra.ParametersFile);
        Assert.Contains("${AZURE_ENV_NAME}", text);
        // Throws on a ${VAR} that azd does not set and that has no default.
        Assert.DoesNotContain("${", InfraFixture.SubstituteAzdVariables(text));
    }

    [Fact]
    public void No_registry_module_is_used_so_the_compiler_works_offline()
    {
        foreach (var file in Directory.EnumerateFiles(infra.InfraDir, "*.bicep", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("'br:", text);
            Assert.DoesNotContain("'br/", text);
            Assert.DoesNotContain("'ts:", text);
            Assert.DoesNotContain("'ts/", text);
        }
    }
}
