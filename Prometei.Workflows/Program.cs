using Prometei.Workflows.Api;
using Prometei.Workflows.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWorkflowPersistence();   // Hosting/WorkflowServerExtensions.cs: PostgreSQL, migrations, stores
builder.AddWorkflowEngine();        // activities, expressions, runner
builder.AddWorkflowRuntime();       // queue workers, timers, triggers, shipped definitions
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapWorkflowTriggers();          // Api/WorkflowTriggersApi.cs: /workflows/{path}, /workflows/events/{name}

app.Run();
