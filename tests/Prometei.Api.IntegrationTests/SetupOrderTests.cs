using System.Globalization;
using System.Text.Json.Nodes;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.Api.IntegrationTests;

/// <summary>
/// The old integrator's setup order, each step by its CLI verb, from an empty ledger against the fake amoCRM and Kaspi:
/// <c>kaspi-probe</c> → <c>oauth-exchange CODE</c> → <c>amocrm-ids</c> → set the ids → <c>poll --dry-run</c> → <c>poll</c>,
/// then <c>stats</c>, <c>reconcile</c> and <c>errors purge</c>.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class SetupOrderTests(PostgresFixture postgres)
{
    [Fact]
    public async Task SetupOrder_FromAnEmptyLedger_EachStepByItsVerb_EndsWithOrdersInAmoCrm()
    {
        await using var world = await ApiHarness.StartAsync(postgres, o =>
        {
            o.SeedTokens = false;
            // The old integrator's .env before setup: no tokens yet, no pipeline or status, no ERP.
            foreach (var key in new[] { "AMO_PIPELINE_ID", "AMO_STATUS_ID", "CRM_API_URL", "CRM_API_KEY", "CRM_API_USERNAME", "CRM_API_PASSWORD" })
            {
                o.Settings[key] = null;
            }
        });
        var environment = world.Environment();
        var control = world.Control;
        await control.AddOrderAsync("930000001", "7011112233", created: DateTimeOffset.UtcNow.AddHours(-2));
        await control.AddOrderAsync("930000002", "7022223344", firstName: "Ерлан", lastName: "Жумабаев", created: DateTimeOffset.UtcNow.AddHours(-1));
        var leadsBefore = (await control.GetAmoCrmLeadsAsync()).Count;

        // Before amoCRM is connected and before the ids are set, the Kaspi flow is off: poll says why.
        var early = await CliRunner.RunAsync(environment, ["poll"]);
        Assert.Equal(2, early.ExitCode);
        Assert.Contains("AMO_PIPELINE_ID", early.Error, StringComparison.Ordinal);

        var probe = await CliRunner.RunAsync(environment, ["kaspi-probe"]);
        Assert.True(probe.ExitCode == 0, probe.Error);
        Assert.True(JsonNode.Parse(probe.Output)!["tokenAccepted"]!.GetValue<bool>());

        var code = await control.IssueAuthorizationCodeAsync();
        var exchange = await CliRunner.RunAsync(environment, ["oauth-exchange", code]);
        Assert.True(exchange.ExitCode == 0, exchange.Error);
        Assert.Equal("connected", JsonNode.Parse(exchange.Output)!["tokenState"]!.GetValue<string>());

        var ids = await CliRunner.RunAsync(environment, ["amocrm-ids"]);
        Assert.True(ids.ExitCode == 0, ids.Error);
        var pipeline = JsonNode.Parse(ids.Output)!["pipelines"]!.AsArray().OfType<JsonObject>().Single(p => p["id"]!.GetValue<long>() == AmoCrmSeedIds.KaspiPipelineId);
        var status = pipeline["statuses"]!.AsArray().OfType<JsonObject>().Single(s => s["name"]!.GetValue<string>() == "Новый заказ");
        environment["AMO_PIPELINE_ID"] = pipeline["id"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture);
        environment["AMO_STATUS_ID"] = status["id"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture);

        var dry = await CliRunner.RunAsync(environment, ["poll", "--dry-run"]);
        Assert.True(dry.ExitCode == 0, dry.Error);
        var dryResult = JsonNode.Parse(dry.Output)!;
        Assert.True(dryResult["dryRun"]!.GetValue<bool>());
        Assert.Equal(2, dryResult["found"]!.GetValue<int>());
        Assert.All(dryResult["orders"]!.AsArray(), o => Assert.Equal("dry_run", o!["outcome"]!.GetValue<string>()));
        Assert.Equal(leadsBefore, (await control.GetAmoCrmLeadsAsync()).Count);

        var poll = await CliRunner.RunAsync(environment, ["poll"]);
        Assert.True(poll.ExitCode == 0, poll.Error);
        Assert.Equal(2, JsonNode.Parse(poll.Output)!["created"]!.GetValue<int>());
        var leads = (await control.GetAmoCrmLeadsAsync()).Skip(leadsBefore).ToList();
        Assert.Equal(2, leads.Count);
        Assert.All(leads, l => Assert.Equal(AmoCrmSeedIds.NewOrderStatusId, l.StatusId));
        Assert.Contains(leads, l => l.Name.Contains("930000001", StringComparison.Ordinal));

        // A second poll starts at the watermark and makes nothing again.
        var again = await CliRunner.RunAsync(environment, ["poll"]);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(0, JsonNode.Parse(again.Output)!["created"]!.GetValue<int>());
        Assert.Equal(2, (await control.GetAmoCrmLeadsAsync()).Count - leadsBefore);

        var stats = await CliRunner.RunAsync(environment, ["stats"]);
        Assert.True(stats.ExitCode == 0, stats.Error);
        Assert.Equal(2, JsonNode.Parse(stats.Output)!["todayTotals"]!["orders_synced"]!.GetValue<long>());

        var reconcile = await CliRunner.RunAsync(environment, ["reconcile", "--from", DateTimeOffset.UtcNow.AddDays(-1).ToString("O", CultureInfo.InvariantCulture)]);
        Assert.True(reconcile.ExitCode == 0, reconcile.Error);
        Assert.Equal(2, (await control.GetAmoCrmLeadsAsync()).Count - leadsBefore);

        var purge = await CliRunner.RunAsync(environment, ["errors", "purge", "--older-than-days", "0"]);
        Assert.True(purge.ExitCode == 0, purge.Error);
        Assert.Equal(0, JsonNode.Parse(purge.Output)!["olderThanDays"]!.GetValue<double>());
        SecretsInLogsTests.AssertNoSecrets(string.Join("\n", probe.Output, probe.Error, exchange.Output, exchange.Error, poll.Output, poll.Error), [.. world.Secrets, code]);
    }
}
