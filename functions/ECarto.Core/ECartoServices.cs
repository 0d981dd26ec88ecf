using ECarto.Api;
using ECarto.Exports;
using ECarto.Geocoding;
using ECarto.Establishments;
using ECarto.Ingestion;
using ECarto.Ingestion.Parsers;
using ECarto.Search;
using ECarto.Sources;
using ECarto.Sources.Arcep;
using ECarto.Sources.Colleges;
using ECarto.Sources.Effectifs;
using ECarto.Sources.Ips;
using ECarto.Sources.Publishers;
using ECarto.Storage;
using ECarto.Territories;
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
        services.AddSingleton(WithClientOptions(StorageConfiguration.Read(configuration), configuration));
        services.AddSingleton<ECartoStorage>();
        services.AddSingleton(_ =>
        {
            var options = new SearchOptions();
            configuration.GetSection("Search").Bind(options);
            return options;
        });

        // Downloads of official files, and the publishers' APIs that designate them: retries with
        // exponential backoff and timeouts per attempt and overall.
        foreach (var client in new[] { SourceFetcher.HttpClientName, SourcePublishers.HttpClientName })
        {
            services.AddHttpClient(client, client => client.Timeout = Timeout.InfiniteTimeSpan)
                .AddStandardResilienceHandler(options =>
                {
                    options.AttemptTimeout.Timeout = configuration.GetValue("Sources:AttemptTimeout", TimeSpan.FromMinutes(5));
                    options.TotalRequestTimeout.Timeout = configuration.GetValue("Sources:TotalTimeout", TimeSpan.FromMinutes(20));
                    options.CircuitBreaker.SamplingDuration = options.AttemptTimeout.Timeout * 2;
                    options.Retry.MaxRetryAttempts = configuration.GetValue("Sources:Retries", 3);
                    options.Retry.Delay = configuration.GetValue("Sources:RetryDelay", TimeSpan.FromSeconds(2));
                    options.Retry.BackoffType = Polly.DelayBackoffType.Exponential;
                });
        }
        services.AddSingleton<SourceLocations>();
        services.AddSingleton<PublisherEndpoints>();
        services.AddSingleton<SourcePublishers>();
        services.AddSingleton<SourceFetcher>();
        services.AddSingleton<SourceStates>();
        services.AddSingleton<StagedData>();
        services.AddSingleton<AcceptanceRules>();
        services.AddSingleton<SourceRunner>();
        services.AddSingleton<InventoryIntake>();
        services.AddSingleton<Composition>();
        services.AddSingleton<PublicationFaults>();
        services.AddSingleton<Publisher>();
        services.AddSingleton<TerritoryStore>();

        // One parser per source: the jobs, the timers and the local host's schedule all follow this list.
        // The annuaire first: the inventaire's demonstration data is generated for its schools.
        services.AddSingleton<SourceParser, AnnuaireParser>();
        services.AddSingleton<SourceParser, CogParser>();
        services.AddSingleton<SourceParser>(new DelimitedParser<CollegeLine>(CollegesSource.Definition, CollegesReader.ReadAsync));
        services.AddSingleton<SourceParser>(new DelimitedParser<LyceeEnrolment>(EffectifsSource.Definition, LyceeEnrolmentReader.ReadAsync));
        services.AddSingleton<SourceParser>(new DelimitedParser<CollegeIps>(IpsSource.Definition, CollegeIpsReader.ReadAsync));
        services.AddSingleton<SourceParser, InventaireParser>();
        services.AddSingleton<SourceParser>(new DelimitedParser<BroadbandEligibility>(ArcepFixeSource.Definition, BroadbandEligibilityReader.ReadAsync));
        services.AddSingleton<SourceParser>(new DelimitedParser<FtthCommune>(ArcepThdSource.Definition, FtthCommuneReader.ReadAsync));
        services.AddSingleton<SourceParser>(new DelimitedParser<MobileSite>(ArcepMobileSource.Definition, MobileSiteReader.ReadAsync));

        services.AddSingleton<SchoolStore>();
        services.AddSingleton<VersionSourceStates>();
        services.AddSingleton<SchoolFiches>();
        services.AddSingleton<DataVersions>();
        services.AddSingleton<RunLog>();
        services.AddSingleton<IngestionJobs>();
        services.AddSingleton<FirstPublication>();

        services.AddSingleton<SearchSnapshots>();
        services.AddSingleton<SchoolIndexProvider>();
        services.AddSingleton<SchoolCatalogProvider>();
        services.AddSingleton<GeolocationHandlers>();
        // Azure Maps when its account is configured (Entra auth, no key); else the communes of the data.
        services.AddHttpClient(AzureMapsGeocoder.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<IGeocoder>(provider => configuration[AzureMapsOptions.ClientIdSetting] is { Length: > 0 } clientId
            ? new AzureMapsGeocoder(
                provider.GetRequiredService<IHttpClientFactory>().CreateClient(AzureMapsGeocoder.HttpClientName),
                new Azure.Identity.DefaultAzureCredential(),
                new AzureMapsOptions { ClientId = clientId })
            : new CommuneGeocoder(provider.GetRequiredService<SchoolCatalogProvider>()));
        services.AddSingleton<EstablishmentHandlers>();
        services.AddSingleton<IngestionAdminHandlers>();
        services.AddSingleton<IndicatorHandlers>();
        services.AddSingleton<TerritoryDirectoryProvider>();
        services.AddSingleton<TerritoryHandlers>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ExportCache>();
        services.AddSingleton<ExportHandlers>();
        services.AddSingleton<SuggestionIndexProvider>();
        services.AddSingleton<SuggestionHandlers>();
        services.AddSingleton<Exports.Spreadsheets.SearchSelection>();
        services.AddSingleton<Exports.Spreadsheets.ExportSchools>();
        services.AddSingleton<SpreadsheetExportHandlers>();
        return services;
    }

    /// <summary>
    /// Every storage call has a network timeout and few, quick retries (Storage:NetworkTimeout,
    /// Storage:MaxRetries) instead of the SDK's defaults (100 s, 3 retries). The timeout stays long enough
    /// for the ingestion's large uploads on a busy Azurite (10 s was not); the API's requests are bounded
    /// by their own, shorter timeout (Api:RequestTimeout) and answered 503.
    /// </summary>
    private static StorageOptions WithClientOptions(StorageOptions storage, IConfiguration configuration)
    {
        var networkTimeout = configuration.GetValue("Storage:NetworkTimeout", TimeSpan.FromSeconds(60));
        var maxRetries = configuration.GetValue("Storage:MaxRetries", 2);
        var retryDelay = configuration.GetValue("Storage:RetryDelay", TimeSpan.FromMilliseconds(500));
        void Configure(Azure.Core.RetryOptions retry)
        {
            retry.NetworkTimeout = networkTimeout;
            retry.MaxRetries = maxRetries;
            retry.Delay = retryDelay;
            retry.MaxDelay = TimeSpan.FromSeconds(4);
            retry.Mode = Azure.Core.RetryMode.Exponential;
        }
        storage.TableClientOptions = new Azure.Data.Tables.TableClientOptions();
        Configure(storage.TableClientOptions.Retry);
        storage.BlobClientOptions = new Azure.Storage.Blobs.BlobClientOptions();
        Configure(storage.BlobClientOptions.Retry);
        return storage;
    }
}
