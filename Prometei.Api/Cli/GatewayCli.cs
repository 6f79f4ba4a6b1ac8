using System.CommandLine;
using System.Data.Common;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Prometei.Api.Capabilities;
using Prometei.Api.Endpoints;
using Prometei.Api.Hosting;
using Prometei.Api.Integrations.AmoCrm;
using Prometei.Api.Integrations.Kaspi;
using Prometei.Api.Ledger;
using Prometei.Api.Operations;
using Prometei.Api.Persistence;
using Prometei.Api.Sync;
using Prometei.ServiceDefaults.Persistence;

namespace Prometei.Api.Cli;

/// <summary>
/// The operations helpers as verbs of the Api (<c>dotnet run --project Prometei.Api -- stats</c>): the same services and
/// configuration as the web host (environment, <c>.env</c>, appsettings), no web server. Each prints JSON to stdout;
/// configuration problems go to stderr with exit code 2, failures with exit code 1.
/// </summary>
public static class GatewayCli
{
    private static readonly string[] s_verbs = ["kaspi-probe", "amocrm-ids", "oauth-exchange", "stats", "poll", "reconcile", "errors", "import-processed-orders"];

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
        probe.SetAction((_, ct) => RunVerbAsync(async (services, token) => await services.GetRequiredService<KaspiProbe>().RunAsync(token), ct, vendor: GatewayFlows.Kaspi));
        root.Add(probe);

        var ids = new Command("amocrm-ids", "List amoCRM pipelines with statuses and lead/contact custom fields.");
        ids.SetAction((_, ct) => RunVerbAsync(async (services, token) => await services.GetRequiredService<OperationsService>().AmoCrmIdsAsync(token), ct, vendor: GatewayFlows.AmoCrm));
        root.Add(ids);

        var code = new Argument<string>("code") { Description = "The authorization code (private integration: \"Keys and scopes\")." };
        var exchange = new Command("oauth-exchange", "Connect amoCRM with an authorization code.") { code };
        exchange.SetAction((parse, ct) => RunVerbAsync(
            async (services, token) => Endpoints.OperationsApi.ToHealth(
                await services.GetRequiredService<AmoCrmTokenService>().ExchangeCodeAsync(parse.GetRequiredValue(code), null, token)),
            ct,
            vendor: GatewayFlows.AmoCrm));
        root.Add(exchange);

        var stats = new Command("stats", "Counters for today and the last 7 days.");
        stats.SetAction((_, ct) => RunVerbAsync(async (services, token) => await services.GetRequiredService<GatewayHealth>().StatsAsync(token), ct));
        root.Add(stats);

        var dryRun = new Option<bool>("--dry-run") { Description = "Read Kaspi and amoCRM, write nothing (as DRY_RUN=true); the watermark stays." };
        var since = new Option<string?>("--since") { Description = "Start here (a date, an ISO date-time or epoch ms) instead of the watermark." };
        var poll = new Command("poll", "One Kaspi poll: new orders since the watermark become amoCRM leads.") { dryRun, since };
        poll.SetAction((parse, ct) =>
        {
            var dry = parse.GetValue(dryRun);
            return RunVerbAsync(
                async (services, token) => await ActivatorUtilities.CreateInstance<KaspiPollVerb>(services)
                    .RunAsync(ReadTime(parse.GetValue(since), services, "--since"), dry, token),
                ct,
                flow: GatewayFlows.KaspiToAmoCrm,
                dryRun: dry);
        });
        root.Add(poll);

        var from = new Option<string?>("--from") { Description = "Window start (a date, an ISO date-time or epoch ms); default 3 days back." };
        var to = new Option<string?>("--to") { Description = "Window end; default now." };
        var reconcile = new Command("reconcile", "Create missed orders of a window and show cancellations and returns on their leads.") { from, to, dryRun };
        reconcile.SetAction((parse, ct) =>
        {
            var dry = parse.GetValue(dryRun);
            return RunVerbAsync(
                async (services, token) =>
                {
                    var clock = services.GetRequiredService<GatewayClock>();
                    return await services.GetRequiredService<ReconcileService>().ReconcileAsync(
                        ReadTime(parse.GetValue(from), services, "--from") ?? clock.UtcNow.AddDays(-KaspiPollVerb.FirstPollDays),
                        ReadTime(parse.GetValue(to), services, "--to") ?? clock.UtcNow,
                        token);
                },
                ct,
                flow: GatewayFlows.KaspiToAmoCrm,
                dryRun: dry);
        });
        root.Add(reconcile);

        var olderThan = new Option<double?>("--older-than-days") { Description = "Delete entries older than this many days (default: Api:ErrorRetention, 30)." };
        var purge = new Command("purge", "Delete old entries of the error log.") { olderThan };
        purge.SetAction((parse, ct) => RunVerbAsync(
            async (services, token) =>
            {
                var days = parse.GetValue(olderThan) ?? services.GetRequiredService<IOptions<GatewayOptions>>().Value.ErrorRetention.TotalDays;
                if (days is < 0 or > 3650)
                {
                    throw new CliUsageException("--older-than-days must be from 0 to 3650.");
                }

                var deleted = await services.GetRequiredService<ErrorLog>().PurgeAsync(services.GetRequiredService<GatewayClock>().UtcNow.AddDays(-days), token);
                return new Endpoints.PurgeResult(deleted, days);
            },
            ct));
        root.Add(new Command("errors", "The error log.") { purge });

        var sqlite = new Option<string?>("--sqlite") { Description = "The old integrator's SQLite file." };
        var postgres = new Option<string?>("--postgres") { Description = "The old integrator's PostgreSQL connection string." };
        var import = new Command("import-processed-orders", "Mark the old integrator's processed orders done in the ledger (and copy its error log).") { sqlite, postgres };
        import.SetAction((parse, ct) => RunVerbAsync(
            async (services, token) => await ActivatorUtilities.CreateInstance<ProcessedOrdersImport>(services).RunAsync(parse.GetValue(sqlite), parse.GetValue(postgres), token),
            ct));
        root.Add(import);

        return await root.Parse(args).InvokeAsync();
    }

    /// <summary>A time from the command line: epoch ms, an ISO date-time or a date (Asia/Almaty), as the gateway's endpoints read them.</summary>
    private static DateTimeOffset? ReadTime(string? text, IServiceProvider services, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return TimeInput.TryParse(System.Text.Json.Nodes.JsonValue.Create(text.Trim()), services.GetRequiredService<GatewayClock>().Zone, out var time)
            ? time
            : throw new CliUsageException($"{option} '{text}' is not a date, an ISO date-time or epoch milliseconds.");
    }

    private static async Task<int> RunVerbAsync(
        Func<IServiceProvider, CancellationToken, Task<object>> verb, CancellationToken cancellationToken, string? vendor = null, string? flow = null, bool dryRun = false)
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
        if (dryRun)
        {
            // Added last, so it wins over DRY_RUN from the environment or .env.
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["DRY_RUN"] = "true" });
        }

        builder.AddIntegrationGateway(migrate: false);
        using var host = builder.Build();
        try
        {
            var services = host.Services;
            await SqlMigrator.MigrateAsync(services.GetRequiredService<NpgsqlDataSource>(), typeof(PersistenceExtensions).Assembly, cancellationToken: cancellationToken);
            _ = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
            await ActivatorUtilities.CreateInstance<GatewayStartup>(services).StartAsync(cancellationToken);
            var capabilities = services.GetRequiredService<GatewayCapabilities>();
            var off = (vendor is null ? null : capabilities.Vendor(vendor).Missing) ?? (flow is null ? null : capabilities.Flow(flow).Reason);
            if (off is not null)
            {
                Console.Error.WriteLine("flow off: " + off);
                return 2;
            }

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
        catch (CliUsageException ex)
        {
            Console.Error.WriteLine("usage: " + ex.Message);
            return 2;
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("ConnectionStrings__", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("configuration: " + ex.Message);
            return 2;
        }
        catch (Exception ex) when (ex is AmoCrmUnavailableException or AmoCrmApiException or KaspiApiException or HttpRequestException or NpgsqlException or DbException)
        {
            Console.Error.WriteLine("failed: " + ex.Message);
            return 1;
        }
    }
}
