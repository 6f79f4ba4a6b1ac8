using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometei.Workflows.Activities.Integration;

namespace Prometei.Workflows.UnitTests.Integration;

public sealed class IntegrationOptionsTests
{
    [Fact]
    public void Validate_BadPipelineIds_FailsNamingTheKey()
    {
        var result = new IntegrationOptionsValidator().Validate(null, new IntegrationOptions { WebhookPipelines = "7012345, seven" });

        Assert.True(result.Failed);
        Assert.Contains("Integration:WebhookPipelines", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_Pass() => Assert.True(new IntegrationOptionsValidator().Validate(null, new IntegrationOptions()).Succeeded);

    [Fact]
    public void Options_BindTheExistingKeys()
    {
        var options = Resolve(new Dictionary<string, string?>
        {
            ["Integration:WebhookPipelines"] = "7012345;7012346",
            ["Integration:WebhookStatuses"] = "142",
            ["Integration:KaspiFirstPollDays"] = "5",
            ["Integration:ReconcileDays"] = "14",
            ["Integration:CatchUpLookBackMinutes"] = "60",
        }).GetRequiredService<IOptions<IntegrationOptions>>().Value;

        Assert.Equal([7012345L, 7012346L], options.PipelineIds());
        Assert.Equal([142L], options.StatusIds());
        Assert.Equal((5, 14, 60L), (options.KaspiFirstPollDays, options.ReconcileDays, options.CatchUpLookBackMinutes));
    }

    [Theory]
    [InlineData("Integration:KaspiFirstPollDays", "0")]
    [InlineData("Integration:ReconcileDays", "93")]
    [InlineData("Integration:WebhookStatuses", "142,x")]
    public void Options_ABadValue_FailsWhenRead(string key, string value)
    {
        var services = Resolve(new Dictionary<string, string?> { [key] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<IntegrationOptions>>().Value);

        Assert.Contains(key.Split(':')[1], failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseAmoCrmWebhook_CallsNoGateway_SoItIsNoGatewayActivity() =>
        Assert.False(typeof(GatewayActivity).IsAssignableFrom(typeof(ParseAmoCrmWebhook)));

    private static ServiceProvider Resolve(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPrometeiActivities();
        return builder.Services.BuildServiceProvider();
    }
}
