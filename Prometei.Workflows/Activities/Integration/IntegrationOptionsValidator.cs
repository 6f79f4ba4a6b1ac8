using Microsoft.Extensions.Options;

namespace Prometei.Workflows.Activities.Integration;

/// <summary>The rules of <see cref="IntegrationOptions"/> that data annotations cannot say; each failure names its key.</summary>
public sealed class IntegrationOptionsValidator : IValidateOptions<IntegrationOptions>
{
    public ValidateOptionsResult Validate(string? name, IntegrationOptions options)
    {
        var failures = new List<string>();
        if (options.BaseAddress is not { IsAbsoluteUri: true })
        {
            failures.Add("Integration:BaseAddress must be an absolute URL.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add("Integration:Timeout must be positive.");
        }

        if (options.RetryWindow < TimeSpan.Zero || options.RetryInitialDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryInitialDelay)
        {
            failures.Add("Integration:RetryWindow must not be negative, Integration:RetryInitialDelay must be positive and at most Integration:RetryMaxDelay.");
        }

        foreach (var (key, text) in new[] { ("Integration:WebhookPipelines", options.WebhookPipelines), ("Integration:WebhookStatuses", options.WebhookStatuses) })
        {
            try
            {
                AmoCrmWebhook.ParseIds(text);
            }
            catch (FormatException ex)
            {
                failures.Add($"{key} must be amoCRM ids separated by commas: {ex.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
