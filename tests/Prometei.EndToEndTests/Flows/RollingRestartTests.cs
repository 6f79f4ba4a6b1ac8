extern alias fakes;

using System.Collections.Concurrent;
using System.Net;
using Prometei.EndToEndTests.Support;
using fakes::Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.EndToEndTests.Flows;

/// <summary>Two workflows nodes behind one address, restarted one after the other (SIGTERM, then a new process) under webhook load.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class RollingRestartTests(PostgresFixture postgres)
{
    private const string Hook = "workflows/amocrm/webhook?secret=" + FlowsHarness.WebhookSecret;
    private const string WebhookFlow = "amocrm-lead-status-to-erp";

    [Fact]
    public async Task RollingRestartOfTwoNodes_Under20WebhooksPerSecond_RefusesNoneAndLosesNone()
    {
        // Webhooks of a pipeline the flow does not act on: each instance is stored, runs and finishes with no vendor call.
        await using var system = await FlowsHarness.StartAsync(postgres.Server, new Dictionary<string, string?>
        {
            ["Integration__WebhookPipelines"] = AmoCrmSeedIds.KaspiPipelineId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var first = system.Server;
        var second = await system.StartNodeAsync("flows-node-2");
        await using var proxy = await RoundRobinProxy.StartAsync([first.BaseAddress, second.BaseAddress]);
        using var http = new HttpClient { BaseAddress = proxy.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var answers = new ConcurrentBag<HttpStatusCode>();
        using var stop = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            var sent = new List<Task>();
            var time = 1732200000L;
            using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(50)); // 20 a second
            while (await ticker.WaitForNextTickAsync() && !stop.IsCancellationRequested)
            {
                var body = FlowsHarness.StatusWebhook(AmoCrmSeedIds.SeedLeadId, AmoCrmSeedIds.WholesalePipelineId, AmoCrmSeedIds.WholesaleFirstStatusId, time++);
                sent.Add(Task.Run(async () =>
                {
                    try
                    {
                        using var answer = await http.PostAsync(Hook, body);
                        answers.Add(answer.StatusCode);
                    }
                    catch (HttpRequestException)
                    {
                        answers.Add(0);
                    }
                }));
            }

            await Task.WhenAll(sent);
        });

        // Windows of load are counted in answered webhooks (100, about 5 s at 20 a second), not waited for in seconds.
        await AnsweredAsync(answers, 100);
        foreach (var node in new[] { "flows-node", "flows-node-2" })
        {
            var old = node == "flows-node" ? first : second;
            await old.StopAsync(TimeSpan.FromSeconds(30));
            Assert.True(old.HasExited);
            var replacement = await system.StartNodeAsync(node);
            proxy.Replace(old.BaseAddress, replacement.BaseAddress);
            await AnsweredAsync(answers, answers.Count + 100);
        }

        await stop.CancelAsync();
        await load;

        Assert.True(answers.Count >= 200, $"{answers.Count} webhooks sent");
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        await WorkflowServerHarness.WaitUntilAsync(async () =>
            (await system.Workflows.InstancesAsync(WebhookFlow)) is var all && all.Count == answers.Count && all.All(i => i.SubStatus == "Finished"),
            TimeSpan.FromSeconds(120), "every accepted webhook's instance to finish");
        // The webhook flow's queue is empty (the shipped crons may have a slot of their own queued at this moment).
        Assert.Equal(0, await system.Workflows.ScalarAsync(
            $"SELECT count(*) FROM work_items w JOIN workflow_instances i ON i.id = w.instance_id WHERE i.definition_id = '{WebhookFlow}'"));
    }

    private static Task AnsweredAsync(ConcurrentBag<HttpStatusCode> answers, int count) =>
        WorkflowServerHarness.WaitUntilAsync(() => Task.FromResult(answers.Count >= count), TimeSpan.FromSeconds(60), $"{count} webhooks answered");
}
