using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Prometei.Api.Integrations.Alerts;

/// <summary>Alerts by e-mail over SMTP (System.Net.Mail).</summary>
public sealed class EmailAlertChannel(IOptions<AlertOptions> options)
{
    public bool Configured => options.Value.EmailConfigured;

    public async Task SendAsync(string subject, string body, CancellationToken cancellationToken)
    {
        var o = options.Value;
        using var client = new SmtpClient(o.SmtpHost, o.SmtpPort) { EnableSsl = o.SmtpSsl, DeliveryMethod = SmtpDeliveryMethod.Network };
        if (!string.IsNullOrWhiteSpace(o.SmtpUser))
        {
            client.Credentials = new NetworkCredential(o.SmtpUser, o.SmtpPassword);
        }

        var from = o.EmailFrom ?? (o.SmtpUser is { } user && user.Contains('@', StringComparison.Ordinal) ? user : "prometei@localhost");
        using var message = new MailMessage { From = new MailAddress(from), Subject = subject, Body = body };
        foreach (var to in o.EmailTo!.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            message.To.Add(to);
        }

        await client.SendMailAsync(message, cancellationToken);
    }
}
