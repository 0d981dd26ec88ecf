using System.Text.RegularExpressions;

namespace ECarto.Infra.Tests;

/// <summary>
/// Setting names Azure can hold: App Service on Linux accepts only letters, digits, « . » and « _ » in an
/// app setting name, and a configuration key « A:B » is set as « A__B ». Checked on every key the README
/// documents and every app setting the template declares; and every setting the code reads is either
/// declared by the template or documented as optional in the README.
/// </summary>
[Collection(BicepCollection.Name)]
public sealed partial class SettingNameTests(InfraFixture infra)
{
    /// <summary>The source ids, as the README's « Sources:{id}:… » placeholder stands for them.</summary>
    private static readonly string[] SourceIds = ["annuaire", "cog", "colleges", "effectifs", "ips", "inventaire", "arcep-fixe", "arcep-thd", "arcep-mobile"];

    [GeneratedRegex(@"^[A-Za-z0-9._]+$")]
    private static partial Regex AppSettingName();

    public static string AsAppSetting(string key) => key.Replace(":", "__");

    /// <summary>
    /// Configuration keys in backticks in the README: « Section:Key » forms (also as « --Section:Key=… » or
    /// « Section__Key ») and the upper-case ECARTO_ / AZURE_ / APPLICATIONINSIGHTS_ settings.
    /// </summary>
    public static IReadOnlyList<string> DocumentedKeys(string readme)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match code in InlineCode().Matches(readme))
        {
            foreach (var word in code.Groups[1].Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                var key = word.StartsWith("--", StringComparison.Ordinal) ? word[2..] : word;
                key = key.Split('=')[0];
                if (SectionKey().IsMatch(key) || UpperSetting().IsMatch(key)) keys.Add(key);
            }
        }
        return keys.ToList();
    }

    [GeneratedRegex(@"`([^`\n]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.\-]*((:|__)[A-Za-z0-9_.\-{}]+)+$")]
    private static partial Regex SectionKey();

    [GeneratedRegex(@"^(ECARTO|AZURE|APPLICATIONINSIGHTS)_[A-Z0-9_]+$")]
    private static partial Regex UpperSetting();

    /// <summary>A documented key as an operator would set it: « {id} » stands for each source, written in its app-setting form.</summary>
    private static IEnumerable<string> Expanded(string key) =>
        key.Contains("{id}", StringComparison.Ordinal)
            ? SourceIds.Select(id => key.Replace("{id}", id.Replace('-', '_'), StringComparison.Ordinal))
            : [key];

    private string Readme => File.ReadAllText(Path.Combine(infra.RepoRoot, "README.md"));

    private IReadOnlyList<string> DeclaredAppSettings =>
        ArmResources.AppSettings(Assert.Single(ArmResources.FromSnapshot(infra.SnapshotRoot), r => r.Is("Microsoft.Web/sites")))!
            .Select(s => s.Name).ToList();

    [Fact]
    public void Every_documented_key_can_be_an_app_setting()
    {
        var keys = DocumentedKeys(Readme);
        Assert.Contains("Sources:{id}:Location", keys);
        Assert.Contains("Publishers:DataGouv:BaseUrl", keys);
        Assert.Contains("ECARTO_SCHEDULE_ARCEP_THD", keys);
        Assert.All(keys.SelectMany(Expanded), key => Assert.Matches(AppSettingName(), AsAppSetting(key)));
    }

    [Fact]
    public void Every_declared_app_setting_has_a_valid_name()
    {
        // Names are literals in the compiled template, not expressions evaluated at deployment.
        var compiled = ArmResources.FromTemplate(infra.TemplateRoot).Where(r => r.Is("Microsoft.Web/sites"))
            .SelectMany(r => ArmResources.AppSettings(r) ?? []).Select(s => s.Name).ToList();
        Assert.NotEmpty(compiled);
        Assert.All(compiled, name => Assert.Matches(AppSettingName(), name));
        Assert.All(DeclaredAppSettings, name => Assert.Matches(AppSettingName(), name));
    }

    [Fact]
    public void The_rule_rejects_a_hyphenated_source_key()
    {
        Assert.DoesNotMatch(AppSettingName(), AsAppSetting("Sources:arcep-thd:Location"));
        Assert.Contains("Sources:arcep-thd:Location", DocumentedKeys("Réglez `Sources:arcep-thd:Location=…`."));
    }

    /// <summary>
    /// Keys the function app's code reads (ECarto.Core and ECarto.Functions, not the local host): indexers,
    /// GetValue and GetSection on a configuration, and the ECARTO_ constants. Interpolated parts become « * ».
    /// </summary>
    private List<string> KeysTheCodeReads()
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var project in new[] { "ECarto.Core", "ECarto.Functions" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(infra.RepoRoot, "functions", project), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
                var text = File.ReadAllText(file);
                foreach (Match read in ConfigurationRead().Matches(text)) keys.Add(Placeholder().Replace(read.Groups["key"].Value, "*"));
                foreach (Match constant in EcartoConstant().Matches(text)) keys.Add(constant.Groups[1].Value);
            }
        }
        return keys.ToList();
    }

    [GeneratedRegex(@"onfiguration(?:\[|\.GetValue(?:<[^>]+>)?\(|\.GetSection\()\$?""(?<key>[^""]+)""")]
    private static partial Regex ConfigurationRead();

    [GeneratedRegex(@"""(ECARTO_[A-Z0-9_]+)""")]
    private static partial Regex EcartoConstant();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();

    [Fact]
    public void Every_setting_the_code_reads_is_declared_by_the_template_or_documented()
    {
        var known = DeclaredAppSettings.Select(n => n.Replace("__", ":", StringComparison.Ordinal))
            .Concat(DocumentedKeys(Readme).Select(k => k.Replace("__", ":", StringComparison.Ordinal)))
            .ToList();
        var read = KeysTheCodeReads();
        Assert.Contains("Storage:ConnectionString", read);
        Assert.Contains("Sources:*:*", read);
        Assert.Contains("ECARTO_ADMIN_ENABLED", read);

        Assert.All(read, key =>
        {
            var pattern = new Regex("^" + string.Join("[^:]+", key.Split('*').Select(Regex.Escape)) + "(:.+)?$");
            Assert.True(known.Any(k => pattern.IsMatch(k)), $"« {key} » is read by the code but neither declared in infra/ nor documented in README.md");
        });
    }
}
