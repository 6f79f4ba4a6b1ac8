using Microsoft.Extensions.Options;
using Prometei.Api.Hosting;

namespace Prometei.Api.Integrations.Kaspi;

internal sealed class KaspiOptionsValidator : IValidateOptions<KaspiOptions>
{
    public ValidateOptionsResult Validate(string? name, KaspiOptions o)
    {
        var v = new OptionsValidation();
        v.AddRange(o.ConfigurationErrors);
        v.Require(OptionsValidation.IsHttpUrl(o.BaseUrl), "Kaspi:BaseUrl (KASPI_BASE_URL) must be an absolute http(s) URL.");
        // Not configured: the Kaspi flows are off (health says so); only values that are present are checked.
        v.Require(!o.Configured || !string.IsNullOrWhiteSpace(o.ApiToken), "Kaspi:ApiToken is not set: set KASPI_API_TOKEN, the merchant's API token (KASPI_BASE_URL is set).");
        foreach (var state in o.EffectiveStates.Where(s => !KaspiOptions.KnownStates.Contains(s)))
        {
            v.Fail($"KASPI_ALLOWED_STATES (Kaspi:AllowedStates) holds '{state}', which is not a Kaspi state ({string.Join(", ", KaspiOptions.KnownStates)}).");
        }

        v.Require(o.PageSize is > 0 and <= 100, "Kaspi:PageSize must be from 1 to 100.");
        v.Require(o.MaxWindow > TimeSpan.Zero && o.MaxWindow <= TimeSpan.FromDays(14), "Kaspi:MaxWindow must be positive and at most 14 days.");
        v.Require(o.EntriesConcurrency is > 0 and <= 64, "Kaspi:EntriesConcurrency must be from 1 to 64.");
        v.Require(o.PollBatch is > 0 and <= 10_000, "Kaspi:PollBatch must be from 1 to 10000.");
        v.Require(o.PollOverlap >= TimeSpan.Zero, "Kaspi:PollOverlap must not be negative.");
        return v.Result();
    }
}
