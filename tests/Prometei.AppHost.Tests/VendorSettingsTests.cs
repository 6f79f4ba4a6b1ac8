using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Prometei.AppHost.Tests;

/// <summary>Which of the operator's variables reach which service, and how secrets travel (no process is started here).</summary>
public sealed class VendorSettingsTests
{
    private static readonly string[] s_configuration =
    [
        "AMO_BASE_URL=shop",
        "AMO_CLIENT_SECRET=amo-client-secret",
        "KASPI_API_TOKEN=kaspi-token",
        "DRY_RUN=true",
        "ALERT_TELEGRAM_BOT_TOKEN=telegram-token",
        "ALERT_EMAIL_TO=ops@example.kz",
        "ALERT_EMAIL_SMTP_HOST=smtp.example.kz",
        "ALERT_EMAIL_SMTP_PASSWORD=smtp-password",
    ];

    private static readonly string[] s_operatorPrefixes = ["ALERT_", "AMO", "KASPI_", "CRM_API_", "DRY_RUN"];

    [Fact]
    public async Task Api_GetsEveryVendorVariable_AndWorkflows_OnlyTheEmailSettings_SecretsAsOneSharedSecretParameter()
    {
        var builder = DistributedApplication.CreateBuilder(s_configuration);
        var api = builder.AddProject<Projects.Prometei_Api>("api").WithVendorCredentials();
        var workflows = builder.AddProject<Projects.Prometei_Workflows>("workflows").WithEmailSettings();

        var apiEnvironment = await EnvironmentAsync(builder, api.Resource);
        var workflowsEnvironment = await EnvironmentAsync(builder, workflows.Resource);

        Assert.Equal(
            ["ALERT_EMAIL_SMTP_HOST", "ALERT_EMAIL_SMTP_PASSWORD", "ALERT_EMAIL_TO", "ALERT_TELEGRAM_BOT_TOKEN", "AMO_BASE_URL", "AMO_CLIENT_SECRET", "DRY_RUN", "KASPI_API_TOKEN"],
            apiEnvironment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["ALERT_EMAIL_SMTP_HOST", "ALERT_EMAIL_SMTP_PASSWORD", "ALERT_EMAIL_TO"], workflowsEnvironment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("smtp.example.kz", workflowsEnvironment["ALERT_EMAIL_SMTP_HOST"]);
        foreach (var key in new[] { "AMO_CLIENT_SECRET", "KASPI_API_TOKEN", "ALERT_TELEGRAM_BOT_TOKEN", "ALERT_EMAIL_SMTP_PASSWORD" })
        {
            var secret = Assert.IsType<ParameterResource>(apiEnvironment[key]);
            Assert.True(secret.Secret, $"{key} is a secret parameter, masked by the dashboard");
        }

        // The SMTP password is one parameter given to both services, not two of the same name.
        Assert.Same(apiEnvironment["ALERT_EMAIL_SMTP_PASSWORD"], workflowsEnvironment["ALERT_EMAIL_SMTP_PASSWORD"]);
    }

    private static async Task<Dictionary<string, object>> EnvironmentAsync(IDistributedApplicationBuilder builder, IResource resource)
    {
        var context = new EnvironmentCallbackContext(builder.ExecutionContext);
        foreach (var annotation in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await annotation.Callback(context);
        }

        // Aspire adds its own (DOTNET_*, OTEL_*, ASPNETCORE_*); these are the operator's.
        return context.EnvironmentVariables
            .Where(pair => s_operatorPrefixes.Any(p => pair.Key.StartsWith(p, StringComparison.Ordinal)))
            .ToDictionary();
    }
}
