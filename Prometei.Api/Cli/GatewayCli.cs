using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Prometei.Api.Hosting;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.Kaspi;
using Prometei.Api.Operations;
using Prometei.Api.Persistence;
using Prometei.ServiceDefaults.Persistence;

namespace Prometei.Api.Cli;

/// <summary>
/// The operations helpers as verbs of the Api (<c>dotnet run --project Prometei.Api -- stats</c>): the same services and
/// configuration as the web host (environment, <c>.env</c>, appsettings), no web server. Each prints JSON to stdout;
/// configuration problems go to stderr with exit code 2, failures with exit code 1.
/// </summary>
public static class GatewayCli
{
    private static readonly string[] s_verbs = ["kaspi-probe", "amocrm-ids", "oauth-exchange", "stats"];

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerOptions.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static bool IsVerb(string[] args) => args.Length > 0 && s_verbs.Contains(args[0], StringComparer.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Prometei.Api operations helpers");

        var probe = new Command("kaspi-probe", "Find the working Kaspi base URL and check KASPI_API_TOKEN.");
        probe.SetAction((_, ct) => RunVerbAsync(async (services, token) => await services.GetRequiredService<KaspiProbe>().RunAsync(token), ct));
        root.Add(probe);

        var ids = new Command("amocrm-ids", "List amoCRM pipelines with statuses and lead/contact custom fields.");
        ids.SetAction((_, ct) => RunVerbAsync(async (services, token) => await services.GetRequiredService<OperationsService>().AmoCrmIdsAsync(token), ct));
        root.Add(ids);

        var code = new Argument<string>("code") { Description = "The authorization code (private integration: \"Keys and scopes\")." };
        var exchange = new Command("oauth-exchange", "Connect amoCRM with an authorization code.") { code };
        exchange.SetAction((parse, ct) => RunVerbAsync(
            async (services, token) => Endpoints.OperationsApi.ToHealth(
                await services.GetRequiredService<AmoCrmTokenService>().ExchangeCodeAsync(parse.GetRequiredValue(code), null, token)),
            ct));
        root.Add(exchange);

        var stats = new Command("stats", "Counters for today and the last 7 days.");
        stats.SetAction((_, ct) => RunVerbAsync(async (services, token) => await services.GetRequiredService<GatewayHealth>().StatsAsync(token), ct));
        root.Add(stats);

        return await root.Parse(args).InvokeAsync();
    }

    private static async Task<int> RunVerbAsync(Func<IServiceProvider, CancellationToken, Task<object>> verb, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter(level => level >= LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddIntegrationGateway(migrate: false);
        using var host = builder.Build();
        try
        {
            var services = host.Services;
            await SqlMigrator.MigrateAsync(services.GetRequiredService<NpgsqlDataSource>(), typeof(PersistenceExtensions).Assembly, cancellationToken: cancellationToken);
            _ = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
            await ActivatorUtilities.CreateInstance<GatewayStartup>(services).StartAsync(cancellationToken);
            var result = await verb(services, cancellationToken);
            Console.Out.WriteLine(JsonSerializer.Serialize(result, result.GetType(), s_json));
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            foreach (var failure in ex.Failures)
            {
                Console.Error.WriteLine("configuration: " + failure);
            }

            return 2;
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("ConnectionStrings__", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("configuration: " + ex.Message);
            return 2;
        }
        catch (Exception ex) when (ex is AmoCrmUnavailableException or AmoCrmApiException or KaspiApiException or HttpRequestException or NpgsqlException)
        {
            Console.Error.WriteLine("failed: " + ex.Message);
            return 1;
        }
    }
}
