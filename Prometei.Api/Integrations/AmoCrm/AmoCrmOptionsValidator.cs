using Microsoft.Extensions.Options;
using Prometei.Api.Hosting;

namespace Prometei.Api.Integrations.AmoCrm;

internal sealed class AmoCrmOptionsValidator : IValidateOptions<AmoCrmOptions>
{
    public ValidateOptionsResult Validate(string? name, AmoCrmOptions o)
    {
        var v = new OptionsValidation();
        v.AddRange(o.ConfigurationErrors);
        if (o.Configured)
        {
            v.Require(OptionsValidation.IsHttpUrl(o.EffectiveBaseUrl),
                "AmoCrm:BaseUrl is not set: set AMO_BASE_URL (e.g. https://acmeshop.amocrm.ru) or AMOCRM_SUBDOMAIN.");
            if (string.IsNullOrWhiteSpace(o.AccessToken) || !string.IsNullOrWhiteSpace(o.RefreshToken)
                || !string.IsNullOrWhiteSpace(o.ClientId) || !string.IsNullOrWhiteSpace(o.ClientSecret))
            {
                // Without a long-lived token alone, tokens come from the OAuth integration: its id and secret are needed. The
                // redirect URI is needed by the code exchange (connect, oauth-exchange), which names it when it is missing;
                // the old Kaspi integrator's .env has none, and its refresh works without it.
                v.Require(!string.IsNullOrWhiteSpace(o.ClientId), "AmoCrm:ClientId is not set: set AMOCRM_CLIENT_ID (or AMO_CLIENT_ID).");
                v.Require(!string.IsNullOrWhiteSpace(o.ClientSecret), "AmoCrm:ClientSecret is not set: set AMOCRM_CLIENT_SECRET (or AMO_CLIENT_SECRET).");
            }
        }

        // Unset (0): the Kaspi → amoCRM flows are off until amocrm-ids has shown the ids to set.
        v.Require(o.PipelineId >= 0, "AMO_PIPELINE_ID (AmoCrm:PipelineId) must be a positive pipeline id.");
        v.Require(o.StatusId >= 0, "AMO_STATUS_ID (AmoCrm:StatusId) must be a positive status id.");
        v.Require((o.PipelineId > 0) == (o.StatusId > 0), "AMO_PIPELINE_ID and AMO_STATUS_ID go together: set both (amocrm-ids lists them) or neither.");
        v.Require(o.Rps is > 0 and <= 50, "AMO_RPS (AmoCrm:Rps) must be a number above 0 and at most 50.");
        v.Require(o.ContactIndexInterval >= TimeSpan.Zero, "AmoCrm:ContactIndexInterval must not be negative.");
        v.Require(o.ConsentUrl is null || OptionsValidation.IsHttpUrl(o.ConsentUrl), "AmoCrm:ConsentUrl must be an absolute http(s) URL.");
        return v.Result();
    }
}
