using System.Text.Json.Nodes;
using Prometei.Testing;
using Prometei.Workflows.UnitTests.Engine;

namespace Prometei.Workflows.UnitTests.Integration;

/// <summary>
/// The shipped Kaspi poll retries a failed slot at most 30 s apart: while it backs off, the Singleton skips the next slots,
/// so the namespace's 5-minute cap would stall new orders for minutes after the vendors are back.
/// </summary>
public sealed class ShippedKaspiPollTests
{
    [Fact]
    public void TheSyncActivity_RetriesAtMostThirtySecondsApart_ForADay()
    {
        var path = Path.Combine(ServiceProcess.RepositoryRoot(), "Prometei.Workflows", "Definitions", "kaspi-orders-to-amocrm.json");
        var workflow = WorkflowHarness.Default.Builder.Build(JsonNode.Parse(File.ReadAllText(path))!.AsObject());

        var sync = workflow.Nodes.Values.Single(n => n.Type == "Prometei.SyncNewKaspiOrders");

        Assert.NotNull(sync.RetryPolicy);
        Assert.Equal(TimeSpan.FromSeconds(30), sync.RetryPolicy.MaxDelay);
        Assert.Equal(TimeSpan.FromDays(1), sync.RetryPolicy.Window);
    }
}
