using Prometei.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres")
    .WithDataVolume();
// Named apart from the services (resource names are unique); each service reads ConnectionStrings__{database}.
var workflowsDb = postgres.AddDatabase("workflows-db", databaseName: "workflows");
var integrationDb = postgres.AddDatabase("integration-db", databaseName: "integration");

// Secrets: from configuration when set, otherwise generated on the first run and kept in the data folder.
var internalApiKey = builder.AddParameter("api-internal-key", secret: true, configurationKey: "API_INTERNAL_KEY");
var adminPassword = builder.AddParameter("admin-password", secret: true, configurationKey: "ADMIN_BASIC_PASS");
var operatorPassword = builder.AddParameter("studio-operator-password", secret: true, configurationKey: "Studio:Operator:Password");
var elsaApiKey = builder.AddParameter("elsa-api-key", secret: true, configurationKey: "ELSA_API_KEY");
var amoCrmWebhookSecret = builder.AddParameter("amocrm-webhook-secret", secret: true, configurationKey: "AMOCRM_WEBHOOK_SECRET");

var api = builder.AddProject<Projects.Prometei_Api>("api")
    .WithReference(integrationDb, connectionName: "integration")
    .WithEnvironment("API_INTERNAL_KEY", internalApiKey)
    .WithEnvironment("ADMIN_BASIC_PASS", adminPassword)
    .WaitFor(integrationDb)
    .WithHttpHealthCheck("/health/ready")
    .WithUrl("/openapi/v1.json", "OpenAPI");

var workflows = builder.AddProject<Projects.Prometei_Workflows>("workflows")
    .WithReference(workflowsDb, connectionName: "workflows")
    .WithReference(api)
    .WithEnvironment("Integration__ApiKey", internalApiKey)
    .WithEnvironment("AMOCRM_WEBHOOK_SECRET", amoCrmWebhookSecret)
    .WithEnvironment("Elsa__ApiKeys__0", elsaApiKey)
    .WithEnvironment("Studio__Operator__Password", operatorPassword)
    .WaitFor(workflowsDb)
    .WaitFor(api)
    .WithHttpHealthCheck("/health")
    .WithUrl("/studio/", "Studio");

if (builder.UsesSandboxVendors())
{
    // No vendor credentials configured: tests/Prometei.Fakes plays amoCRM, Kaspi and the ERP, makes a Kaspi order now and
    // then, and sends amoCRM's status webhooks to the workflows.
    var vendors = builder.AddSandboxVendors("vendors")   // VendorsExtensions.cs
        .WithAmoCrmWebhook(workflows, "/workflows/amocrm/webhook", amoCrmWebhookSecret);
    api.WithSandboxVendors(vendors)
        .WaitFor(vendors);
}
else
{
    api.WithVendorCredentials();                          // AMOCRM_*, AMO_*, KASPI_*, CRM_API_*, ALERT_*, DRY_RUN passed through
}

builder.Build().Run();
