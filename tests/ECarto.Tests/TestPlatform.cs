using Azure.Data.Tables;
using ECarto.Establishments;
using ECarto.Ingestion;
using ECarto.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ECarto.Tests;

/// <summary>
/// The platform as the hosts compose it (the one composition root), on Azurite, under a prefix of its
/// own so that tests run side by side (or another platform's, to act on the same data); disposing
/// deletes every table and container it created.
/// </summary>
public sealed class TestPlatform : IAsyncDisposable
{
    public TestPlatform(string connectionString, IDictionary<string, string?>? settings = null, bool deleteOnDispose = true)
    {
        _deleteOnDispose = deleteOnDispose;
        Prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        var values = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:Prefix"] = Prefix,
            ["Search:VersionCheckInterval"] = "00:00:00",
            // Fast retries, so that failure tests do not wait minutes.
            ["Sources:RetryDelay"] = "00:00:00.050",
            ["Sources:Retries"] = "1",
            ["Sources:AttemptTimeout"] = "00:00:02",
            ["Sources:TotalTimeout"] = "00:00:10",
            ["Sources:ReadTimeout"] = "00:00:01",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        Prefix = values["Storage:Prefix"]!;
        Configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        Services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddECarto(Configuration)
            .BuildServiceProvider();
    }

    private readonly bool _deleteOnDispose;

    public string Prefix { get; }

    public IConfiguration Configuration { get; }

    public ServiceProvider Services { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>The schools of the version the API serves, read back from storage.</summary>
    public async Task<List<School>> PublishedSchoolsAsync()
    {
        var version = await Get<DataVersions>().CurrentAsync() ?? throw new InvalidOperationException("no published version");
        var schools = new List<School>();
        await foreach (var school in Get<SchoolStore>().ReadAllAsync(version.Version)) schools.Add(school);
        return schools;
    }

    /// <summary>The runs of a source, newest first.</summary>
    public async Task<List<TableEntity>> RunsAsync(string source) =>
        (await Get<RunLog>().RecentAsync(source, 100)).ToList();

    public async ValueTask DisposeAsync()
    {
        // A platform sharing another's storage leaves the cleaning to that one.
        if (_deleteOnDispose) await Get<ECartoStorage>().DeleteAllAsync();
        await Services.DisposeAsync();
    }
}
