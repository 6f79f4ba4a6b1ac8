using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Prometei.Testing;
using Prometei.Workflows.Activities;

namespace Prometei.Workflows.UnitTests.Engine;

/// <summary>Elsa.SendEmail through MailKit to a real SMTP listener (<see cref="SmtpSink"/>), with the alert e-mails' settings.</summary>
public sealed class SendEmailTests : IAsyncDisposable
{
    private readonly SmtpSink _smtp = new();
    private readonly WorkflowHarness _harness;

    public SendEmailTests()
    {
        _harness = new WorkflowHarness(configureServices: services => services.Configure<SmtpOptions>(o =>
        {
            o.SmtpHost = "127.0.0.1";
            o.SmtpPort = _smtp.Port;
            o.SmtpSsl = false;
            o.EmailFrom = "prometei@example.kz";
        }));
    }

    public async ValueTask DisposeAsync() => await _smtp.DisposeAsync();

    [Fact]
    public async Task SendEmail_DeliversTheMessage_WithAMessageIdFromTheIdempotencyKey()
    {
        var workflow = _harness.Build(new FlowchartJson()
            .Add("mail", "Elsa.SendEmail", new()
            {
                ["to"] = FlowchartJson.Object("[\"manager@example.kz\", \"sales@example.kz\"]"),
                ["subject"] = FlowchartJson.Literal("Заказ 42"),
                ["body"] = FlowchartJson.Literal("Новый заказ из Kaspi"),
            }));
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        run.AssertFinished();
        var message = Assert.Single(_smtp.Messages);
        Assert.Contains("manager@example.kz", message, StringComparison.Ordinal);
        Assert.Contains("sales@example.kz", message, StringComparison.Ordinal);
        Assert.Contains("From: prometei@example.kz", message, StringComparison.Ordinal);
        var key = $"{state.Id}:{workflow.FindByIdOrName("mail")!.NodeId}:1";
        var expectedId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..32];
        Assert.Contains($"Message-Id: <{expectedId}@prometei>", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SendEmail_WithoutARecipient_FaultsNamingTheActivity()
    {
        var workflow = _harness.Build(new FlowchartJson()
            .Add("mail", "Elsa.SendEmail", new() { ["subject"] = FlowchartJson.Literal("nobody") }));
        var state = _harness.Start(workflow);

        var run = await _harness.RunAsync(workflow, state);

        Assert.Equal(Prometei.Workflows.Engine.State.WorkflowSubStatus.Faulted, run.State.SubStatus);
        Assert.Contains("'mail' (Elsa.SendEmail): the message has no recipient", run.State.Fault!.Message, StringComparison.Ordinal);
        Assert.Empty(_smtp.Messages);
    }

    [Theory]
    [InlineData("a@example.kz; b@example.kz", new[] { "a@example.kz", "b@example.kz" })]
    [InlineData("[\"a@example.kz\"]", new[] { "a@example.kz" })]
    public void Addresses_AreReadFromTextOrLists(string value, string[] expected)
    {
        Assert.Equal(expected, SendEmail.Addresses(JsonValue.Create(value)));
    }
}
