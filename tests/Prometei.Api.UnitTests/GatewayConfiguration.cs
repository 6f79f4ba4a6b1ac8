using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometei.Api.Hosting;
using Prometei.Api.Integrations.Alerts;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.Erp;
using Prometei.Api.Integrations.Kaspi;

namespace Prometei.Api.UnitTests;

/// <summary>The gateway's services built from settings as the Api builds them, and what its options' validation says of them.</summary>
internal static class GatewayConfiguration
{
    public static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddIntegrationGateway(migrate: false);
        return builder.Services.BuildServiceProvider();
    }

    /// <summary>Every validation failure of every vendor's options (empty when the settings start the Api).</summary>
    public static List<string> Failures(ServiceProvider provider)
    {
        var failures = new List<string>();
        foreach (var read in new Action[]
        {
            () => _ = provider.GetRequiredService<IOptions<AmoCrmOptions>>().Value,
            () => _ = provider.GetRequiredService<IOptions<KaspiOptions>>().Value,
            () => _ = provider.GetRequiredService<IOptions<ErpOptions>>().Value,
            () => _ = provider.GetRequiredService<IOptions<GatewayOptions>>().Value,
            () => _ = provider.GetRequiredService<IOptions<AlertOptions>>().Value,
        })
        {
            try
            {
                read();
            }
            catch (OptionsValidationException ex)
            {
                failures.AddRange(ex.Failures);
            }
        }

        return failures;
    }
}
