using ECarto.Api;
using ECarto.Establishments;
using ECarto.Ingestion;
using ECarto.Ingestion.Parsers;
using ECarto.Search;
using ECarto.Sources;
using ECarto.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ECarto;

/// <summary>The one composition root: the function app and the local host both call it.</summary>
public static class ECartoServices
{
    public static IServiceCollection AddECarto(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(configuration);
        services.AddSingleton(StorageConfiguration.Read(configuration));
        services.AddSingleton<ECartoStorage>();
        services.AddSingleton(_ =>
        {
            var options = new SearchOptions();
            configuration.GetSection("Search").Bind(options);
            return options;
        });

        // Downloads of official files: retries with exponential backoff and timeouts per attempt and overall.
        services.AddHttpClient(SourceFetcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler(options =>
            {
                options.AttemptTimeout.Timeout = configuration.GetValue("Sources:AttemptTimeout", TimeSpan.FromMinutes(5));
                options.TotalRequestTimeout.Timeout = configuration.GetValue("Sources:TotalTimeout", TimeSpan.FromMinutes(20));
                options.CircuitBreaker.SamplingDuration = options.AttemptTimeout.Timeout * 2;
                options.Retry.MaxRetryAttempts = configuration.GetValue("Sources:Retries", 3);
                options.Retry.Delay = configuration.GetValue("Sources:RetryDelay", TimeSpan.FromSeconds(2));
                options.Retry.BackoffType = Polly.DelayBackoffType.Exponential;
            });
        services.AddSingleton<SourceLocations>();
        services.AddSingleton<SourceFetcher>();
        services.AddSingleton<SourceStates>();
        services.AddSingleton<StagedData>();
        services.AddSingleton<SourceRunner>();
        services.AddSingleton<Publisher>();

        // One parser per source: the jobs, the timers and the local host's schedule all follow this list.
        services.AddSingleton<SourceParser, AnnuaireParser>();
        services.AddSingleton<SourceParser, InventaireParser>();

        services.AddSingleton<SchoolStore>();
        services.AddSingleton<DataVersions>();
        services.AddSingleton<RunLog>();
        services.AddSingleton<IngestionJobs>();

        services.AddSingleton<SchoolIndexProvider>();
        services.AddSingleton<EstablishmentHandlers>();
        services.AddSingleton<IngestionAdminHandlers>();
        return services;
    }
}
