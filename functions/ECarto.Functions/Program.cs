using ECarto;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The function app: the isolated worker with ASP.NET Core integration, configured by the one
// composition root of ECarto.Core.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddECarto(builder.Configuration);
builder.Build().Run();
