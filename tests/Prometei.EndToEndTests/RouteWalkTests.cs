using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Prometei.EndToEndTests.Flows;
using Prometei.EndToEndTests.Support;
using Prometei.Testing;
using Xunit.Abstractions;

namespace Prometei.EndToEndTests;

/// <summary>
/// Every route Prometei.Workflows maps, asked without credentials: only <c>/alive</c>, the health status (<c>/health</c>,
/// status text only, as ServiceDefaults maps it today), the Studio's sign-in page and the amoCRM webhook with its secret
/// answer; everything else is 401, a redirect to the sign-in page, or 404 where no published trigger serves the path.
/// </summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class RouteWalkTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task EveryRoute_WithoutCredentials_AnswersOnlyWhereItMay()
    {
        await using var harness = await WorkflowServerHarness.CreateAsync(postgres.Server);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ServiceProcess.RepositoryRoot(), "Prometei.Workflows", "Definitions"), "*.json"))
        {
            File.Copy(file, Path.Combine(harness.DefinitionsFolder, Path.GetFileName(file)));
        }

        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("ConnectionStrings:workflows", harness.ConnectionString);
            builder.UseSetting("Workflows:DefinitionsPath", harness.DefinitionsFolder);
            builder.UseSetting("Workflows:RunWorkers", "false");
            builder.UseSetting("Elsa:ApiKeys:0", "route-walk-api-key-0123456789");
            builder.UseSetting("Workflows:EventSecrets:0:Event", "crm/create-deal");
            builder.UseSetting("Workflows:EventSecrets:0:Secret", "route-walk-event-secret-0123");
            builder.UseSetting("Studio:Operator:Password", "route-walk-operator-password");
            builder.UseSetting("AMOCRM_WEBHOOK_SECRET", FlowsHarness.WebhookSecret);
            builder.UseSetting("Integration:ApiKey", "route-walk-internal-key-0123456789");
            builder.UseSetting("services:api:http:0", "http://127.0.0.1:1");
        });
        using var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var probes = await RouteWalk.WalkAsync(app.Services, anonymous);
        foreach (var probe in probes)
        {
            output.WriteLine(probe.ToString());
        }

        Assert.Contains(probes, p => p.Pattern.StartsWith("/elsa/api/", StringComparison.Ordinal));
        Assert.Contains(probes, p => p.Pattern == "/workflows/events/{**name}");
        Assert.All(probes, p => Assert.True(Refused(p) || Open(p), $"answers without credentials: {p}"));

        // The one published HTTP trigger of the shipped flows: the amoCRM webhook, refused without its secret.
        using var noSecret = await anonymous.PostAsync("/workflows/amocrm/webhook", FlowsHarness.StatusWebhook(1, 2, 3, 4));
        Assert.Equal(HttpStatusCode.Unauthorized, noSecret.StatusCode);
        using var withSecret = await anonymous.PostAsync("/workflows/amocrm/webhook?secret=" + FlowsHarness.WebhookSecret, FlowsHarness.StatusWebhook(1, 2, 3, 4));
        Assert.Equal(HttpStatusCode.OK, withSecret.StatusCode);
        Assert.Equal(1, await harness.ScalarAsync("SELECT count(*) FROM workflow_instances"));
    }

    /// <summary>No answer of substance: 401, or (pages) a redirect to the sign-in page.</summary>
    private static bool Refused(RouteProbe p) =>
        p.Status == 401
        || (p.Status is 302 or 303 && p.Location?.Contains("/studio/signin", StringComparison.Ordinal) == true);

    /// <summary>What may answer without credentials.</summary>
    private static bool Open(RouteProbe p) => (p.Method, p.Pattern) switch
    {
        // ServiceDefaults' health checks answer any method with the status text only (as mapped today).
        (_, "/alive") => p.Status == 200,
        (_, "/health") => p.Status is 200 or 503,
        ("GET", "/studio/signin") => p.Status == 200,
        ("POST", "/studio/signin") => p.Status is 400 or 415,          // not a sign-in form with its antiforgery token: refused
        (_, "/workflows/{**path}") => p.Status is 404 or 405,           // no published trigger serves walk/1
        _ => false,
    };
}
