using Microsoft.Extensions.Configuration;
using Prometei.AppHost;
using Prometei.AppHost.Postgres;

// A .env in the working folder or above (the variables of the systems Prometei replaces) fills what the environment lacks.
DotNetEnv.Env.NoClobber().TraversePath().Load();

var builder = DistributedApplication.CreateBuilder(args);

// A container when an engine answers, otherwise the installed server programs (Postgres/PostgresHosting.cs).
var postgres = builder.AddPrometeiPostgres("postgres");
// Named apart from the services (resource names are unique); each service reads ConnectionStrings__{database}.
var workflowsDb = postgres.AddDatabase("workflows-db", databaseName: "workflows");
var integrationDb = postgres.AddDatabase("integration-db", databaseName: "integration");

// Secrets: from configuration when set, otherwise generated on the first run and kept in the AppHost's user secrets.
var internalApiKey = builder.AddSecret("api-internal-key", "API_INTERNAL_KEY");
var adminPassword = builder.AddSecret("admin-password", "ADMIN_BASIC_PASS");
var operatorPassword = builder.AddSecret("studio-operator-password", "Studio:Operator:Password");
var elsaApiKey = builder.AddSecret("elsa-api-key", "ELSA_API_KEY");
var amoCrmWebhookSecret = builder.AddSecret("amocrm-webhook-secret", "AMOCRM_WEBHOOK_SECRET");

var api = builder.AddProject<Projects.Prometei_Api>("api")
    .WithHttpEndpoint()
    .WithReference(integrationDb, connectionName: "integration")
    .WithEnvironment("API_INTERNAL_KEY", internalApiKey)
    .WithEnvironment("ADMIN_BASIC_PASS", adminPassword)
    .WithServiceDefaults()
    .WaitFor(postgres.Server)
    .WithHttpHealthCheck("/health/ready")
    .WithUrl("/openapi/v1.json", "OpenAPI");

// Two nodes behind one address (the orchestrator's proxy spreads requests over them): while one restarts, the other takes
// amoCRM's webhooks. They share the queue, the leases and the Data Protection key ring in the database.
var workflows = builder.AddProject<Projects.Prometei_Workflows>("workflows")
    .WithHttpEndpoint()
    .WithReplicas(builder.Configuration.GetValue("AppHost:WorkflowsReplicas", 2))
    .WithReference(workflowsDb, connectionName: "workflows")
    .WithReference(api)
    .WithEnvironment("Integration__ApiKey", internalApiKey)
    .WithEnvironment("AMOCRM_WEBHOOK_SECRET", amoCrmWebhookSecret)
    .WithEnvironment("Elsa__ApiKeys__0", elsaApiKey)
    .WithEnvironment("Studio__Operator__Password", operatorPassword)
    .WithServiceDefaults()
    .WaitFor(postgres.Server)
    .WaitFor(api)
    .WithHttpHealthCheck("/health")
    .WithUrl("/studio/", "Studio");

if (builder.UsesSandboxVendors())
{
    // No vendor credentials configured: tests/Prometei.Fakes plays amoCRM, Kaspi and the ERP, makes a Kaspi order now and
    // then, and sends amoCRM's status webhooks to the workflows.
    var vendors = builder.AddSandboxVendors("vendors")   // VendorsExtensions.cs
        .WithAmoCrmWebhook(workflows, "/workflows/amocrm/webhook", amoCrmWebhookSecret)
        .WithServiceDefaults();
    api.WithSandboxVendors(vendors)
        .WaitFor(vendors);
}
else
{
    api.WithVendorCredentials();                          // AMOCRM_*, AMO_*, KASPI_*, CRM_API_*, ALERT_*, DRY_RUN passed through
    workflows.WithEmailSettings();                        // ALERT_EMAIL_*: Elsa.SendEmail uses the alerts' SMTP server
}

builder.Build().Run();
