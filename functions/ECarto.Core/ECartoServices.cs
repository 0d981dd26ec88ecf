using ECarto.Api;
using ECarto.Establishments;
using ECarto.Ingestion;
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

        services.AddHttpClient(nameof(SourceLocations), client => client.Timeout = TimeSpan.FromMinutes(10));
        services.AddSingleton<SourceLocations>();

        services.AddSingleton<SchoolStore>();
        services.AddSingleton<DataVersions>();
        services.AddSingleton<RunLog>();
        services.AddSingleton<AnnuaireIngestion>();
        services.AddSingleton<IngestionJobs>();

        services.AddSingleton<SchoolIndexProvider>();
        services.AddSingleton<EstablishmentHandlers>();
        return services;
    }
}
