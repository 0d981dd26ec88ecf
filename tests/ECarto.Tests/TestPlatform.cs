using ECarto.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ECarto.Tests;

/// <summary>
/// The platform as the hosts compose it (the one composition root), on Azurite, under a prefix of its
/// own so that tests run side by side; disposing deletes every table and container it created.
/// </summary>
public sealed class TestPlatform : IAsyncDisposable
{
    public TestPlatform(string connectionString, IDictionary<string, string?>? settings = null)
    {
        Prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        var values = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:Prefix"] = Prefix,
            ["Search:VersionCheckInterval"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        Configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        Services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddECarto(Configuration)
            .BuildServiceProvider();
    }

    public string Prefix { get; }

    public IConfiguration Configuration { get; }

    public ServiceProvider Services { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await Get<ECartoStorage>().DeleteAllAsync();
        await Services.DisposeAsync();
    }
}
