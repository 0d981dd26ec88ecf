using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ECarto.Infra.Tests;

[CollectionDefinition(Name)]
public sealed class BicepCollection : ICollectionFixture<InfraFixture>
{
    public const string Name = "bicep";
}

/// <summary>
/// Runs the Bicep compiler once for all tests: build and lint of infra/, a lint with the calendar
/// moved forward, and a deployment snapshot of main.bicep with the values of main.parameters.json.
/// </summary>
public sealed partial class InfraFixture : IDisposable
{
    // Values azd would put in place of ${VAR} in main.parameters.json.
    public static readonly IReadOnlyDictionary<string, string> AzdEnvironment = new Dictionary<string, string>
    {
        ["AZURE_ENV_NAME"] = "ci",
        ["AZURE_LOCATION"] = "francecentral",
        ["AZURE_ALERT_EMAIL"] = AlertEmail,
    };

    /// <summary>The alert recipient azd would take from AZURE_ALERT_EMAIL.</summary>
    public const string AlertEmail = "exploitation@example.org";

    /// <summary>The object id of the producers' Entra group, in the second snapshot.</summary>
    public const string InventoryContributorsGroupId = "00000000-0000-0000-0000-0000000000cc";

    /// <summary>The same environment with a group of inventory producers (AZURE_INVENTORY_CONTRIBUTORS_PRINCIPAL_ID).</summary>
    public static readonly IReadOnlyDictionary<string, string> AzdEnvironmentWithInventoryContributors =
        new Dictionary<string, string>(AzdEnvironment) { ["AZURE_INVENTORY_CONTRIBUTORS_PRINCIPAL_ID"] = InventoryContributorsGroupId };

    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000aa";
    public const string TenantId = "00000000-0000-0000-0000-0000000000bb";
    public const string ResourceGroup = "rg-ecarto-ci";
    public const string Location = "francecentral";

    public InfraFixture()
    {
        RepoRoot = FindRepoRoot();
        InfraDir = System.IO.Path.Combine(RepoRoot, "infra");
        MainBicep = System.IO.Path.Combine(InfraDir, "main.bicep");
        ParametersFile = System.IO.Path.Combine(InfraDir, "main.parameters.json");
        ConfigFile = System.IO.Path.Combine(InfraDir, "bicepconfig.json");
        TempDir = Directory.CreateTempSubdirectory("ecarto-infra-tests-").FullName;

        var templateFile = System.IO.Path.Combine(TempDir, "main.json");
        var build = Task.Run(() => BicepCli.Run(RepoRoot,
            "build", MainBicep, "--outfile", templateFile, "--diagnostics-format", "sarif"));
        var lint = Task.Run(() => BicepCli.Run(RepoRoot,
            "lint", "--pattern", "infra/**/*.bicep", "--diagnostics-format", "sarif"));
        var futureLint = Task.Run(() => RunFutureLint());
        var snapshot = Task.Run(() => RunSnapshot("ci", AzdEnvironment));
        var withContributors = Task.Run(() => RunSnapshot("contributors", AzdEnvironmentWithInventoryContributors));
        Task.WaitAll(build, lint, futureLint, snapshot, withContributors);

        Build = build.Result;
        BuildDiagnostics = Sarif.Parse(Build.StdErr + Build.StdOut);
        Template = Build.ExitCode == 0 && File.Exists(templateFile)
            ? JsonDocument.Parse(File.ReadAllText(templateFile))
            : null;
        Lint = lint.Result;
        LintDiagnostics = Sarif.Parse(Lint.StdOut);
        FutureLint = futureLint.Result;
        FutureLintDiagnostics = Sarif.Parse(FutureLint.StdOut);
        (Snapshot, SnapshotDocument) = snapshot.Result;
        (SnapshotWithContributors, SnapshotWithContributorsDocument) = withContributors.Result;
    }

    public string RepoRoot { get; }
    public string InfraDir { get; }
    public string MainBicep { get; }
    public string ParametersFile { get; }
    public string ConfigFile { get; }
    public string TempDir { get; }

    public ProcessResult Build { get; }
    public IReadOnlyList<BicepDiagnostic> BuildDiagnostics { get; }
    public JsonDocument? Template { get; }

    public ProcessResult Lint { get; }
    public IReadOnlyList<BicepDiagnostic> LintDiagnostics { get; }

    /// <summary>Lint of main.bicep as if it were 2031: only the newest API versions pass.</summary>
    public ProcessResult FutureLint { get; }
    public IReadOnlyList<BicepDiagnostic> FutureLintDiagnostics { get; }

    public ProcessResult Snapshot { get; }
    public JsonDocument? SnapshotDocument { get; }

    public JsonElement TemplateRoot =>
        Template?.RootElement ?? throw new InvalidOperationException($"bicep build failed:\n{Build}");

    public JsonElement SnapshotRoot =>
        SnapshotDocument?.RootElement ?? throw new InvalidOperationException($"bicep snapshot failed:\n{Snapshot}");

    /// <summary>The deployment with a group of inventory producers given.</summary>
    public ProcessResult SnapshotWithContributors { get; }
    public JsonDocument? SnapshotWithContributorsDocument { get; }

    public JsonElement SnapshotWithContributorsRoot =>
        SnapshotWithContributorsDocument?.RootElement ?? throw new InvalidOperationException($"bicep snapshot failed:\n{SnapshotWithContributors}");

    public static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "infra", "main.bicep")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds infra/main.bicep");
    }

    /// <summary>The config of infra/ (comments allowed, as bicep reads it).</summary>
    public JsonNode ReadConfig() =>
        JsonNode.Parse(File.ReadAllText(ConfigFile), documentOptions: new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        }) ?? throw new InvalidDataException("bicepconfig.json is empty");

    private ProcessResult RunFutureLint()
    {
        // The rule use-recent-api-versions compares with today's date: a version that passes today
        // fails once it is two years old unless it is the newest the pinned compiler knows. Its
        // 'test-today' option moves the calendar, so CI cannot start failing with no change.
        var config = ReadConfig();
        config["analyzers"]!["core"]!["rules"]!["use-recent-api-versions"] = new JsonObject
        {
            ["level"] = "error",
            ["test-today"] = "2031-01-01",
        };
        var dir = Directory.CreateDirectory(System.IO.Path.Combine(TempDir, "future")).FullName;
        var configFile = System.IO.Path.Combine(dir, "bicepconfig.json");
        File.WriteAllText(configFile, config.ToJsonString());
        return BicepCli.Run(RepoRoot, "lint", MainBicep, "--config", configFile, "--diagnostics-format", "sarif");
    }

    private (ProcessResult, JsonDocument?) RunSnapshot(string name, IReadOnlyDictionary<string, string> environment)
    {
        // main.parameters.json as azd would pass it, turned into a .bicepparam that names
        // main.bicep: bicep type-checks every value and evaluates the deployment (loops, names, ids).
        var dir = Directory.CreateDirectory(System.IO.Path.Combine(TempDir, "snapshot-" + name)).FullName;
        var parameters = System.IO.Path.Combine(dir, "ci.parameters.json");
        File.WriteAllText(parameters, SubstituteAzdVariables(File.ReadAllText(ParametersFile), environment));
        var bicepParam = System.IO.Path.Combine(dir, "ci.bicepparam");
        var usingPath = System.IO.Path.GetRelativePath(dir, MainBicep).Replace('\\', '/');
        var decompile = BicepCli.Run(dir, "decompile-params", parameters, "--bicep-file", usingPath, "--outfile", bicepParam, "--force");
        if (decompile.ExitCode != 0 || !File.Exists(bicepParam))
        {
            return (decompile, null);
        }
        var result = BicepCli.Run(dir, "snapshot", bicepParam, "--mode", "overwrite",
            "--subscription-id", SubscriptionId, "--tenant-id", TenantId,
            "--resource-group", ResourceGroup, "--location", Location);
        var snapshotFile = System.IO.Path.Combine(dir, "ci.snapshot.json");
        return (result, result.ExitCode == 0 && File.Exists(snapshotFile)
            ? JsonDocument.Parse(File.ReadAllText(snapshotFile))
            : null);
    }

    /// <summary>Replaces azd's ${VAR} and ${VAR=default}; an unknown variable without default is an error.</summary>
    public static string SubstituteAzdVariables(string text) => SubstituteAzdVariables(text, AzdEnvironment);

    public static string SubstituteAzdVariables(string text, IReadOnlyDictionary<string, string> environment) =>
        AzdVariable().Replace(text, m =>
        {
            var name = m.Groups["name"].Value;
            if (environment.TryGetValue(name, out var value))
            {
                return value;
            }
            return m.Groups["default"].Success
                ? m.Groups["default"].Value
                : throw new InvalidDataException($"main.parameters.json uses ${{{name}}}, which azd does not set, without a default");
        });

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(=(?<default>[^}]*))?\}")]
    private static partial Regex AzdVariable();

    public void Dispose()
    {
        Template?.Dispose();
        SnapshotDocument?.Dispose();
        SnapshotWithContributorsDocument?.Dispose();
        try
        {
            Directory.Delete(TempDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }
}
