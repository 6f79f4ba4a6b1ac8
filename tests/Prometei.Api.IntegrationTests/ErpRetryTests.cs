using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Fakes;
using Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.Api.IntegrationTests;

/// <summary>
/// A task the ERP did not answer is retried by the engine with the same key: the gateway sends the document the first attempt
/// rendered, without reading the lead again.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class ErpRetryTests(PostgresFixture postgres)
{
    [Fact]
    public async Task TaskWhoseAnswerWasLost_RetriedAfterTheLeadChanged_SendsTheFirstDocumentAgain_ReadsTheLeadOnce_AndMakesOneTask()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        await world.Control.ClearRequestsAsync(FakeVendor.AmoCrm);
        var body = new { leadId = ApiHarness.SeedLeadId };

        // The ERP creates the task and its answer is lost: the gateway cannot know, and answers a failure the engine retries.
        await world.Control.SetFaultsAsync(FakeVendor.Erp, new FaultSettings { DropResponseRate = 1 });
        using (var lost = await world.Api.PostIdempotentAsync("/api/erp/tasks", body, "amocrm-task:lost-answer"))
        {
            Assert.True((int)lost.StatusCode >= 500, $"{(int)lost.StatusCode}");
        }

        Assert.Single(await world.Control.GetErpTasksAsync());
        await world.Control.ClearFaultsAsync(FakeVendor.Erp);

        // Meanwhile a manager edits the lead's price in amoCRM.
        var tokens = await world.Control.IssueTokensAsync();
        using (var amo = new HttpClient { BaseAddress = world.Fakes.AmoCrmBaseUrl })
        {
            amo.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
            using var edit = await amo.PatchAsJsonAsync($"api/v4/leads/{ApiHarness.SeedLeadId}", new { price = 777_001 });
            Assert.True(edit.IsSuccessStatusCode, $"{(int)edit.StatusCode}");
        }

        using var retry = await world.Api.PostIdempotentAsync("/api/erp/tasks", body, "amocrm-task:lost-answer");

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var task = Assert.Single(await world.Control.GetErpTasksAsync());
        Assert.DoesNotContain("777001", task.Body.GetRawText(), StringComparison.Ordinal);
        var posts = await world.Control.GetRequestsAsync(FakeVendor.Erp, "/api/tasks", "POST");
        Assert.Equal(2, posts.Count);
        var leadReads = (await world.Control.GetRequestsAsync(FakeVendor.AmoCrm, $"/api/v4/leads/{ApiHarness.SeedLeadId}", "GET")).Count;
        Assert.Equal(1, leadReads);
        Assert.Equal(0, await world.ScalarAsync("SELECT count(*) FROM idempotency_prepared"));
    }
}
