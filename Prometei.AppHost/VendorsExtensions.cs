using Microsoft.Extensions.Configuration;

namespace Prometei.AppHost;

/// <summary>
/// amoCRM, Kaspi.kz and the ERP: the real ones when their credentials are configured (the variable names of the systems
/// Prometei replaces, in the AppHost's environment or <c>.env</c>), otherwise the sandbox, tests/Prometei.Fakes run with
/// <c>--sandbox</c>. <c>AppHost:Sandbox</c> (true/false) overrides the choice.
/// </summary>
public static class VendorsExtensions
{
    private static readonly string[] s_credentialPrefixes = ["AMOCRM_", "AMO_"];
    private static readonly string[] s_credentialKeys = ["KASPI_API_TOKEN", "CRM_API_URL"];

    // The workflows' webhook secret: Prometei's own setting, not an amoCRM credential.
    private static readonly string[] s_notCredentials = ["AMOCRM_WEBHOOK_SECRET"];
    private static readonly string[] s_passedPrefixes = ["AMOCRM_", "AMO_", "KASPI_", "CRM_API_", "ALERT_"];
    private static readonly string[] s_secretWords = ["SECRET", "TOKEN", "PASSWORD", "PASS", "KEY"];

    /// <summary>
    /// True when no vendor credentials are configured (no <c>AMOCRM_*</c> but <c>AMOCRM_WEBHOOK_SECRET</c>, no <c>AMO_*</c>,
    /// <c>KASPI_API_TOKEN</c>, <c>CRM_API_URL</c>).
    /// </summary>
    public static bool UsesSandboxVendors(this IDistributedApplicationBuilder builder) =>
        builder.Configuration.GetValue<bool?>("AppHost:Sandbox") ?? !CredentialKeys(builder.Configuration).Any();

    /// <summary>Adds the fakes in sandbox mode: Kaspi orders appear every 20–40 s, leads move to "Передать в ERP" a minute after creation.</summary>
    public static IResourceBuilder<ProjectResource> AddSandboxVendors(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddProject<Projects.Prometei_Fakes>(name)
            .WithHttpEndpoint()
            .WithArgs("--sandbox")
            // Its request lines (every health probe among them) would drown what the sandbox does.
            .WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore", "Warning")
            .WithHttpHealthCheck("/health")
            .WithUrl("/_control/erp/tasks", "ERP tasks")
            .WithUrl("/_control/kaspi/orders", "Kaspi orders");

    /// <summary>
    /// Makes the fake amoCRM send its lead status webhooks to <paramref name="path"/> of <paramref name="receiver"/>, with the
    /// secret in the query string (<c>?secret=…</c>), as amoCRM's webhook settings would.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAmoCrmWebhook(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ProjectResource> receiver, string path, IResourceBuilder<ParameterResource> secret)
    {
        var endpoint = receiver.GetEndpoint("http");
        return builder.WithEnvironment(async context =>
        {
            var url = await endpoint.GetValueAsync(context.CancellationToken);
            var value = await secret.Resource.GetValueAsync(context.CancellationToken);
            context.EnvironmentVariables["Fakes__AmoCrm__WebhookUrl"] = $"{url}{path}?secret={Uri.EscapeDataString(value ?? "")}";
        });
    }

    /// <summary>Points the Api at the sandbox: its base URLs and the credentials it accepts.</summary>
    public static IResourceBuilder<ProjectResource> WithSandboxVendors(this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ProjectResource> vendors)
    {
        var endpoint = vendors.GetEndpoint("http");
        return builder
            .WithEnvironment("AMO_BASE_URL", ReferenceExpression.Create($"{endpoint}{SandboxVendors.AmoCrmPath}"))
            .WithEnvironment("AMO_ACCESS_TOKEN", SandboxVendors.AmoCrmLongLivedToken)
            .WithEnvironment("AMO_PIPELINE_ID", SandboxVendors.AmoCrmPipelineId)
            .WithEnvironment("AMO_STATUS_ID", SandboxVendors.AmoCrmNewOrderStatusId)
            .WithEnvironment("AmoCrm__KaspiCodeFieldId", SandboxVendors.AmoCrmKaspiCodeFieldId)
            .WithEnvironment("AmoCrm__ItemsFieldId", SandboxVendors.AmoCrmItemsFieldId)
            .WithEnvironment("KASPI_BASE_URL", ReferenceExpression.Create($"{endpoint}{SandboxVendors.KaspiPath}"))
            .WithEnvironment("KASPI_API_TOKEN", SandboxVendors.KaspiApiToken)
            .WithEnvironment("CRM_API_URL", ReferenceExpression.Create($"{endpoint}{SandboxVendors.ErpPath}"))
            .WithEnvironment("CRM_API_KEY", SandboxVendors.ErpApiKey);
    }

    /// <summary>
    /// Passes the configured vendor settings to the Api: every <c>AMOCRM_*</c>, <c>AMO_*</c>, <c>KASPI_*</c>,
    /// <c>CRM_API_*</c> and <c>ALERT_*</c> variable and <c>DRY_RUN</c>. Those that hold secrets become secret parameters,
    /// so the dashboard masks them.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithVendorCredentials(this IResourceBuilder<ProjectResource> builder) =>
        builder.WithConfigured(key => key == "DRY_RUN" || s_passedPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)));

    /// <summary>
    /// Passes the alert e-mail settings (<c>ALERT_EMAIL_*</c>: SMTP server, credentials, sender) to the workflows, whose
    /// <c>Elsa.SendEmail</c> sends through the same server as the alerts.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithEmailSettings(this IResourceBuilder<ProjectResource> builder) =>
        builder.WithConfigured(key => key.StartsWith("ALERT_EMAIL_", StringComparison.Ordinal));

    private static IResourceBuilder<ProjectResource> WithConfigured(this IResourceBuilder<ProjectResource> builder, Func<string, bool> passed)
    {
        var application = builder.ApplicationBuilder;
        var settings = application.Configuration.AsEnumerable()
            .Where(pair => pair.Value is not null && passed(pair.Key))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .ToList();
        foreach (var (key, value) in settings)
        {
            if (s_secretWords.Any(word => key.Contains(word, StringComparison.Ordinal)))
            {
                // One parameter per secret, shared by every service that is given it.
                var name = key.ToLowerInvariant().Replace('_', '-');
                var parameter = application.Resources.OfType<ParameterResource>().FirstOrDefault(r => r.Name == name) is { } existing
                    ? application.CreateResourceBuilder(existing)
                    : application.AddParameter(name, value!, secret: true);
                builder.WithEnvironment(key, parameter);
            }
            else
            {
                builder.WithEnvironment(key, value);
            }
        }

        return builder;
    }

    private static IEnumerable<string> CredentialKeys(IConfiguration configuration) =>
        configuration.AsEnumerable()
            .Where(pair => !string.IsNullOrWhiteSpace(pair.Value)
                && !s_notCredentials.Contains(pair.Key, StringComparer.Ordinal)
                && (s_credentialKeys.Contains(pair.Key, StringComparer.Ordinal) || s_credentialPrefixes.Any(p => pair.Key.StartsWith(p, StringComparison.Ordinal))))
            .Select(pair => pair.Key)
            .Order(StringComparer.Ordinal);
}
