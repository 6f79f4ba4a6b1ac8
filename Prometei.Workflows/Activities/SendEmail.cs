using System.Security.Cryptography;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Prometei.Workflows.Engine.Descriptors;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Activities;

/// <summary>
/// Elsa's SendEmail (Elsa.Email): sends one message over SMTP with MailKit, through the alert e-mails' SMTP settings
/// (<see cref="SmtpOptions"/>). The message's <c>Message-ID</c> is derived from the activity's idempotency key, the same on
/// every attempt and rerun, so a receiving system that de-duplicates by it sees one message. A refused connection, a
/// timeout or a 4xx answer is transient (the engine retries); a 5xx answer (a refused address) faults the activity.
/// </summary>
[Activity("Elsa", "Email", "Send an email message.", TypeName = "Elsa.SendEmail", DisplayName = "Send Email", Kind = ActivityKind.Task,
    HasOutsideEffect = true)]
public sealed class SendEmail : Activity
{
    [Input(Description = "The sender's email address.", Order = 0)]
    public Input<string> From { get; set; } = new();

    [Input(Description = "The recipients email addresses.", UIHint = "multi-text", Order = 1)]
    public Input<object> To { get; set; } = new();

    [Input(Description = "The CC recipients email addresses.", UIHint = "multi-text", Category = "More", Order = 2)]
    public Input<object> Cc { get; set; } = new();

    [Input(Description = "The BCC recipients email addresses.", UIHint = "multi-text", Category = "More", Order = 3)]
    public Input<object> Bcc { get; set; } = new();

    [Input(Description = "The subject of the email message.", Order = 4)]
    public Input<string> Subject { get; set; } = new();

    [Input(Description = "The body of the email message.", UIHint = InputUIHints.MultiLine, Order = 5)]
    public Input<string> Body { get; set; } = new();

    public override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var options = context.Services.GetRequiredService<IOptions<SmtpOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.SmtpHost))
        {
            throw new ActivityException(
                $"Activity '{context.Node.DisplayName}' (Elsa.SendEmail): no SMTP server is configured (Alerts:SmtpHost or ALERT_EMAIL_SMTP_HOST).", isTransient: false);
        }

        var message = new MimeMessage { Subject = context.Get(Subject) ?? "" };
        message.MessageId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(context.IdempotencyKey)))[..32] + "@prometei";
        var from = context.Get(From) ?? options.EmailFrom ?? options.SmtpUser;
        message.From.Add(Address(context, "From", from));
        Add(context, message.To, "To", context.Get(To));
        Add(context, message.Cc, "Cc", context.Get(Cc));
        Add(context, message.Bcc, "Bcc", context.Get(Bcc));
        if (message.To.Count + message.Cc.Count + message.Bcc.Count == 0)
        {
            throw new ActivityException($"Activity '{context.Node.DisplayName}' (Elsa.SendEmail): the message has no recipient.", isTransient: false);
        }

        var body = context.Get(Body) ?? "";
        message.Body = new TextPart(body.TrimStart().StartsWith('<') ? "html" : "plain") { Text = body };

        using var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            var security = !options.SmtpSsl ? SecureSocketOptions.None
                : options.SmtpPort == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            await client.ConnectAsync(options.SmtpHost, options.SmtpPort, security, context.CancellationToken);
            if (!string.IsNullOrWhiteSpace(options.SmtpUser))
            {
                await client.AuthenticateAsync(options.SmtpUser, options.SmtpPassword ?? "", context.CancellationToken);
            }

            await client.SendAsync(message, context.CancellationToken);
            await client.DisconnectAsync(quit: true, context.CancellationToken);
        }
        catch (SmtpCommandException ex)
        {
            // The server's own words may quote an address; the message names the status code only.
            var transient = (int)ex.StatusCode is >= 400 and < 500;
            throw new ActivityException($"Activity '{context.Node.DisplayName}' (Elsa.SendEmail): the SMTP server answered {(int)ex.StatusCode}.", transient);
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or System.Net.Sockets.SocketException or AuthenticationException
                                       || (ex is OperationCanceledException && !context.CancellationToken.IsCancellationRequested))
        {
            throw new ActivityException(
                $"Activity '{context.Node.DisplayName}' (Elsa.SendEmail): SMTP {options.SmtpHost}:{options.SmtpPort} failed: {ex.GetType().Name}.",
                isTransient: ex is not AuthenticationException);
        }

        context.Complete();
    }

    private static void Add(ActivityExecutionContext context, InternetAddressList list, string input, object? value)
    {
        foreach (var address in Addresses(value))
        {
            list.Add(Address(context, input, address));
        }
    }

    /// <summary>A list, a JSON array (also in a string), or a string of addresses separated by commas or semicolons.</summary>
    internal static IEnumerable<string> Addresses(object? value)
    {
        var json = value as System.Text.Json.Nodes.JsonNode ?? ValueConverter.ToJson(value);
        if (json is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var text))
        {
            if (text.TrimStart().StartsWith('['))
            {
                json = System.Text.Json.Nodes.JsonNode.Parse(text);
            }
            else
            {
                return text.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
        }

        return json is System.Text.Json.Nodes.JsonArray array
            ? array.Select(i => i is System.Text.Json.Nodes.JsonValue s && s.TryGetValue<string>(out var a) ? a.Trim() : "").Where(a => a.Length > 0).ToList()
            : [];
    }

    private static MailboxAddress Address(ActivityExecutionContext context, string input, string? text) =>
        MailboxAddress.TryParse(text ?? "", out var address)
            ? address
            : throw new ActivityException($"Activity '{context.Node.DisplayName}' (Elsa.SendEmail): input '{input}' is not an e-mail address.", isTransient: false);
}
