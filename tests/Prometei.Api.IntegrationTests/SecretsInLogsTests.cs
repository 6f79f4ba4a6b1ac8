using System.Net;
using System.Net.Http.Json;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Fakes;
using Prometei.Fakes.Control;
using Prometei.Testing;

namespace Prometei.Api.IntegrationTests;

/// <summary>A busy run (sync with customer phones, ERP with keys, token refresh, revocation alert, OAuth callback) leaves no secret in the logs.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class SecretsInLogsTests(PostgresFixture postgres)
{
    private static readonly string[] s_phones = ["7071234567", "7009876543", "87009876543", "+7 (700) 987-65-43"];

    [Fact]
    public async Task BusyRun_InProcessAndProcess_LogNoSecretAndNoPhone()
    {
        await using var world = await ApiHarness.StartAsync(postgres, o =>
        {
            o.Email = true;
            o.Settings["Logging:LogLevel:Default"] = "Trace";
            o.Settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Information";
        });
        var process = await world.StartProcessAsync(new Dictionary<string, string?> { ["Logging__LogLevel__Default"] = "Trace" });
        var viaProcess = world.ProcessClient(process);

        await world.Control.AddOrderAsync("940001", s_phones[0]);
        await world.Control.AddOrderAsync("940002", s_phones[1], "Ержан", "Омаров");
        await world.Control.AddOrderAsync("940003", s_phones[2], "Ержан", "Омаров");
        await world.Control.AddOrderAsync("940004", s_phones[3], "Ержан", "Омаров");
        var orders = await world.Api.NewOrdersAsync();
        await world.Api.SyncAsync(orders);
        await viaProcess.SyncAsync(orders);
        using (var search = await world.Api.PostAsJsonAsync("/api/amocrm/contacts/search", new { phone = s_phones[2] }))
        {
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        }

        using (var task = await viaProcess.PostIdempotentAsync("/api/erp/tasks", new { leadId = ApiHarness.SeedLeadId }))
        {
            Assert.Equal(HttpStatusCode.Created, task.StatusCode);
        }

        // A refresh in each process, then the OAuth redirect flow with a code in the query string.
        await world.Control.ExpireAccessTokensAsync();
        Assert.Equal(HttpStatusCode.OK, (await viaProcess.GetAsync($"/api/amocrm/leads/{ApiHarness.SeedLeadId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.Api.GetAsync($"/api/amocrm/leads/{ApiHarness.SeedLeadId}")).StatusCode);
        var code = await world.Control.IssueAuthorizationCodeAsync();
        world.Secrets.Add(code);
        using (var connect = await world.AdminNoRedirect.GetAsync("/oauth/amocrm/connect"))
        {
            var state = System.Web.HttpUtility.ParseQueryString(connect.Headers.Location!.Query)["state"];
            using var callback = await world.Anonymous.GetAsync($"/oauth/amocrm/callback?code={code}&state={state}&referer=acmeshop.amocrm.ru");
            Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        }

        var stored = await world.StoredTokensAsync();
        world.Secrets.AddRange([stored.Access!, stored.Refresh!]);

        // Revocation: the alert goes to Telegram (token in the URL) and by e-mail (SMTP password).
        await world.Control.SetFaultsAsync(FakeVendor.AmoCrm, new FaultSettings { RevokedToken = true });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await viaProcess.GetAsync($"/api/amocrm/leads/{ApiHarness.SeedLeadId}")).StatusCode);
        Assert.NotEmpty(world.Telegram.Calls);

        await process.StopAsync();
        var logs = world.Logs.Text + "\n" + process.Output;
        Assert.Contains("Kaspi sync", logs, StringComparison.Ordinal);
        Assert.Contains("/api/v4/leads/complex → 200", logs, StringComparison.Ordinal);      // debug lines were captured too
        AssertNoSecrets(logs, [.. world.Secrets, .. s_phones, "+77009876543", "+77071234567", "87071234567"]);
    }

    internal static void AssertNoSecrets(string logs, IEnumerable<string> secrets)
    {
        Assert.False(string.IsNullOrWhiteSpace(logs));
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)).Distinct())
        {
            var at = logs.IndexOf(secret, StringComparison.Ordinal);
            Assert.True(at < 0, $"A secret ({secret[..Math.Min(6, secret.Length)]}…) is in the logs: …{logs[Math.Max(0, at - 200)..Math.Min(logs.Length, at + 60)]}…");
        }
    }
}
