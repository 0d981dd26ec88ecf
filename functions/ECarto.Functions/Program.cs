using ECarto;
using ECarto.Functions.Startup;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The function app: the isolated worker with ASP.NET Core integration, configured by the one
// composition root of ECarto.Core.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddECarto(builder.Configuration);
// A fresh deployment publishes its first data version by itself (once, even when instances start together).
builder.Services.AddHostedService<FirstPublicationService>();
builder.Build().Run();
