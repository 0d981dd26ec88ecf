using Azure.Identity;
using ECarto;
using ECarto.Functions;
using ECarto.Functions.Ingestion;
using ECarto.Functions.Startup;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The function app: the isolated worker with ASP.NET Core integration, configured by the one
// composition root of ECarto.Core.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddECarto(builder.Configuration);
// The same guard as the local host: storage failures and timeouts to 503, expensive requests rate-limited (429).
builder.Services.AddSingleton(ECarto.Api.ApiProtectionOptions.Read(builder.Configuration));
builder.Services.AddSingleton<ECarto.Api.ApiGuard>();
builder.UseMiddleware<ApiProtectionMiddleware>();

// Worker telemetry (logs, dependencies, exceptions) straight to Application Insights, with the connection
// string of APPLICATIONINSIGHTS_CONNECTION_STRING; local authentication is off on the component, so the
// telemetry is sent with a token of the app's user-assigned identity (AZURE_CLIENT_ID).
if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    builder.Services.AddApplicationInsightsTelemetryWorkerService();
    builder.Services.ConfigureFunctionsApplicationInsights();
    var clientId = builder.Configuration["AZURE_CLIENT_ID"];
    builder.Services.Configure<TelemetryConfiguration>(telemetry => telemetry.SetAzureTokenCredential(
        string.IsNullOrWhiteSpace(clientId) ? new DefaultAzureCredential() : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))));
    // The SDK keeps only warnings from the worker by default; the ingestion counts are information.
    builder.Services.Configure<LoggerFilterOptions>(options =>
    {
        var warningsOnly = options.Rules.FirstOrDefault(rule => rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
        if (warningsOnly is not null) options.Rules.Remove(warningsOnly);
    });
}
builder.Services.AddSingleton<IngestionTelemetry>();

// A fresh deployment publishes its first data version by itself (once, even when instances start together).
builder.Services.AddHostedService<FirstPublicationService>();
builder.Build().Run();
