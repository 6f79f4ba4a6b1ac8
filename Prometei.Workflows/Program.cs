using Prometei.ServiceDefaults.Configuration;
using Prometei.Workflows.Activities.Integration;
using Prometei.Workflows.Api;
using Prometei.Workflows.Capabilities;
using Prometei.Workflows.Hosting;
using Prometei.Workflows.Studio;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWorkflowPersistence();   // Hosting/WorkflowServerExtensions.cs: PostgreSQL, migrations, stores
builder.AddWorkflowEngine();        // activities, expressions, runner
builder.AddWorkflowRuntime();       // queue workers, timers, triggers, shipped definitions
builder.AddPrometeiActivities();    // Activities/Integration: the gateway client, the amoCRM webhook validator
builder.AddFlowAvailability();      // Capabilities/: workflows whose gateway flow is off by configuration do not start
builder.AddElsaApi();               // Api/ElsaApi.cs: queries, API key and bearer token authentication, CORS
builder.AddStudio();                // Studio/StudioExtensions.cs: operator sign-in, cookie session, the Studio package
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapWorkflowTriggers();          // Api/WorkflowTriggersApi.cs: /workflows/{path}, /workflows/events/{name}
app.MapElsaApi();                   // Api/ElsaApi.cs: /elsa/api, what Elsa Studio calls
app.MapStudio();                    // Studio/StudioApi.cs: /studio/ (sign-in, host pages, the Studio package)
app.MapFlowAvailability();          // Capabilities/: /studio/api/flows, the flows that are off, shown by the Studio shell

return await app.RunCheckedAsync();  // ServiceDefaults/Configuration: a wrong setting stops the start with one log line
