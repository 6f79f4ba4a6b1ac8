using Prometei.Api.Cli;
using Prometei.Api.Hosting;
using Prometei.ServiceDefaults.Configuration;

DotEnvFile.Load();                             // Hosting/DotEnvFile.cs: ./.env into the environment (real variables win)
if (GatewayCli.IsVerb(args))
{
    return await GatewayCli.RunAsync(args);    // Cli/GatewayCli.cs: kaspi-probe, oauth-exchange, amocrm-ids, poll, reconcile, errors purge, stats, …
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIntegrationGateway();               // Hosting/GatewayExtensions.cs: options, ledger + migrations, vendor clients, alerts, sync
builder.AddGatewayHost();                      // startup (key ring, token seed), maintenance, exception handler, OpenAPI
builder.Services.AddProblemDetails();
// ASP.NET Core's request lines include query strings, and amoCRM's OAuth callback carries the authorization code there.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();                     // /alive (the detailed /health, with Basic auth, comes from MapOperationsApi)
app.MapIntegrationGateway();                   // /api/..., /oauth/amocrm/..., /health, /ops/..., /health/ready, /openapi/v1.json

return await app.RunCheckedAsync();            // ServiceDefaults/Configuration: a wrong setting stops the start with one log line
