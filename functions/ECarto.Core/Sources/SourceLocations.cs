using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace ECarto.Sources;

/// <summary>
/// Where each source is read from: <c>Sources:{id}:Location</c> (a URL or a file), else the sample
/// file under the data folder (<c>Data:Root</c>, else the repository's <c>data/</c>), else its production
/// location: the file its publisher's API designates when the source declares a
/// <see cref="SourceDefinition.Publication"/> (resolved by the run), its <c>ProductionUrl</c> otherwise.
/// </summary>
public sealed partial class SourceLocations(IConfiguration configuration)
{
    public string Location(SourceDefinition source)
    {
        var configured = Setting(source, "Location");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return IsUrl(configured) || Path.IsPathRooted(configured) ? configured : Path.Combine(DataRoot(), configured);
        }
        // The sample file when the data folder is there (one machine, tests); else, in Azure, the official download.
        var root = TryDataRoot();
        return root is not null && File.Exists(Path.Combine(root, source.SampleFile))
            ? Path.Combine(root, source.SampleFile)
            : source.ProductionUrl.AbsoluteUri;
    }

    /// <summary>
    /// Whether the source is read from its production location: no configured location and no sample
    /// file. Its current file is then resolved through its publisher's API when it declares one.
    /// </summary>
    public bool UsesProductionLocation(SourceDefinition source) =>
        !IsConfigured(source) && Location(source) == source.ProductionUrl.AbsoluteUri;

    /// <summary>Whether a location is configured for the source (else its sample file, or its demonstration data).</summary>
    public bool IsConfigured(SourceDefinition source) => !string.IsNullOrWhiteSpace(Setting(source, "Location"));

    /// <summary>The date the figures are from: configured, else the date in the file name, else today.</summary>
    public string SourceDate(SourceDefinition source, string location)
    {
        var configured = Setting(source, "Date");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var name = Path.GetFileNameWithoutExtension(location);
        foreach (var pattern in new[] { DateInName(), QuarterInName(), MonthInName(), YearsInName() })
        {
            var match = pattern.Match(name);
            if (match.Success) return match.Groups.Count > 2 ? $"{match.Groups[1].Value}-{match.Groups[2].Value}" : match.Value;
        }
        return source.SampleDate ?? DateTimeOffset.UtcNow.ToString("yyyy-MM-dd");
    }

    /// <summary>
    /// The identifier of a source as an app setting name can hold it: Azure accepts only letters, digits,
    /// <c>.</c> and <c>_</c> in setting names, so <c>arcep-thd</c> is set as <c>Sources__arcep_thd__Location</c>.
    /// </summary>
    public static string SettingId(string sourceId) => sourceId.Replace('-', '_');

    /// <summary>
    /// The location setting as messages name it, in the form an Azure app setting (or an environment
    /// variable) can hold: double underscores, and the source id with « _ » for « - ».
    /// </summary>
    public const string LocationSetting = "Sources__{id}__Location (id de la source, « _ » à la place de « - » : arcep_thd)";

    /// <summary>The data folder setting, in its app-setting form.</summary>
    public const string DataRootSetting = "Data__Root";

    /// <summary>A source's setting in its app-setting form: <c>Sources__arcep_thd__Location</c>.</summary>
    public static string AppSettingName(string sourceId, string name) => $"Sources__{SettingId(sourceId)}__{name}";

    /// <summary><c>Sources:{id}:{name}</c>, else its app-setting form <c>Sources:{id with _ for -}:{name}</c>.</summary>
    private string? Setting(SourceDefinition source, string name)
    {
        var value = configuration[$"Sources:{source.Id}:{name}"];
        return string.IsNullOrWhiteSpace(value) ? configuration[$"Sources:{SettingId(source.Id)}:{name}"] : value;
    }

    public string? TryDataRoot()
    {
        var configured = configuration["Data:Root"];
        return !string.IsNullOrWhiteSpace(configured) ? Path.GetFullPath(configured) : RepositoryLayout.FindDataFolder();
    }

    public string DataRoot()
    {
        var configured = configuration["Data:Root"];
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
        return RepositoryLayout.FindDataFolder()
            ?? throw new DirectoryNotFoundException($"Dossier data/ introuvable : donnez le paramètre {DataRootSetting}.");
    }

    public static bool IsUrl(string location) =>
        location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")]
    private static partial Regex DateInName();

    /// <summary>« 2022T4 », as Arcep names its quarters.</summary>
    [GeneratedRegex(@"(?<!\d)(?:19|20)\d{2}T[1-4](?!\d)")]
    private static partial Regex QuarterInName();

    /// <summary>« 2018_01 » → 2018-01.</summary>
    [GeneratedRegex(@"(?<!\d)((?:19|20)\d{2})_(0[1-9]|1[0-2])(?!\d)")]
    private static partial Regex MonthInName();

    /// <summary>« 2024 » or « 2019-2021 ».</summary>
    [GeneratedRegex(@"(?<!\d)(?:19|20)\d{2}(?:-(?:19|20)\d{2})?(?!\d)")]
    private static partial Regex YearsInName();
}

/// <summary>Finds the repository's folders from wherever the program runs (bin/, tests, a clone).</summary>
public static class RepositoryLayout
{
    /// <summary>The nearest ancestor holding <c>ECarto.sln</c>, <c>host.json</c> and <c>data/</c>: the repository root.</summary>
    public static string? FindRoot(string? start = null)
    {
        foreach (var origin in new[] { start, AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = origin is null ? null : new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ECarto.sln")) && File.Exists(Path.Combine(dir.FullName, "host.json"))
                    && Directory.Exists(Path.Combine(dir.FullName, "data")))
                {
                    return dir.FullName;
                }
            }
        }
        return null;
    }

    /// <summary>The repository's data/ folder; in a deployed function app, the data/ shipped beside it.</summary>
    public static string? FindDataFolder()
    {
        if (FindRoot() is { } root) return Path.Combine(root, "data");
        var shipped = Path.Combine(AppContext.BaseDirectory, "data");
        return Directory.Exists(shipped) ? shipped : null;
    }
}
