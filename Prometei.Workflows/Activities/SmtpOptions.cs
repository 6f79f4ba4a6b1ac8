namespace Prometei.Workflows.Activities;

/// <summary>
/// The SMTP server <see cref="SendEmail"/> sends through: the same settings as the gateway's alert e-mails (section
/// <c>Alerts</c>: <c>SmtpHost</c>, <c>SmtpPort</c>, <c>SmtpUser</c>, <c>SmtpPassword</c>, <c>SmtpSsl</c>, <c>EmailFrom</c>;
/// or the variables <c>ALERT_EMAIL_SMTP_HOST</c>, <c>…_PORT</c>, <c>…_USER</c>, <c>…_PASSWORD</c>, <c>…_SSL</c>, <c>ALERT_EMAIL_FROM</c>).
/// </summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Alerts";

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>TLS: implicit on port 465, STARTTLS otherwise; false sends in the clear (a local relay).</summary>
    public bool SmtpSsl { get; set; } = true;

    /// <summary>The sender when the activity names none.</summary>
    public string? EmailFrom { get; set; }

    /// <summary>Reads the alert variables the gateway reads, where the section leaves a value unset.</summary>
    public void ApplyEnvironment(Func<string, string?> read)
    {
        SmtpHost ??= read("ALERT_EMAIL_SMTP_HOST");
        SmtpUser ??= read("ALERT_EMAIL_SMTP_USER") ?? read("ALERT_EMAIL_SMTP_USERNAME");
        SmtpPassword ??= read("ALERT_EMAIL_SMTP_PASSWORD") ?? read("ALERT_EMAIL_SMTP_PASS");
        EmailFrom ??= read("ALERT_EMAIL_FROM") ?? read("ALERT_EMAIL_SMTP_FROM");
        if (read("ALERT_EMAIL_SMTP_PORT") is { } port && int.TryParse(port, System.Globalization.CultureInfo.InvariantCulture, out var p))
        {
            SmtpPort = p;
        }

        if ((read("ALERT_EMAIL_SMTP_SSL") ?? read("ALERT_EMAIL_SMTP_TLS")) is { } ssl && bool.TryParse(ssl, out var s))
        {
            SmtpSsl = s;
        }
    }
}
