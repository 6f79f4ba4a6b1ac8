using Microsoft.Extensions.Options;
using Prometei.Api.Hosting;

namespace Prometei.Api.Integrations.AmoCrm;

internal sealed class AmoCrmOptionsValidator : IValidateOptions<AmoCrmOptions>
{
    public ValidateOptionsResult Validate(string? name, AmoCrmOptions o)
    {
        var v = new OptionsValidation();
        v.AddRange(o.ConfigurationErrors);
        v.Require(OptionsValidation.IsHttpUrl(o.EffectiveBaseUrl),
            "AmoCrm:BaseUrl is not set: set AMO_BASE_URL (e.g. https://acmeshop.amocrm.ru) or AMOCRM_SUBDOMAIN.");
        var hasOAuth = !string.IsNullOrWhiteSpace(o.ClientId) || !string.IsNullOrWhiteSpace(o.ClientSecret) || o.RedirectUri is not null;
        if (hasOAuth || string.IsNullOrWhiteSpace(o.AccessToken) || !string.IsNullOrWhiteSpace(o.RefreshToken))
        {
            // Without a long-lived token, tokens come from the OAuth integration: all three are needed.
            v.Require(!string.IsNullOrWhiteSpace(o.ClientId), "AmoCrm:ClientId is not set: set AMOCRM_CLIENT_ID (or AMO_CLIENT_ID).");
            v.Require(!string.IsNullOrWhiteSpace(o.ClientSecret), "AmoCrm:ClientSecret is not set: set AMOCRM_CLIENT_SECRET (or AMO_CLIENT_SECRET).");
            v.Require(OptionsValidation.IsHttpUrl(o.RedirectUri), "AmoCrm:RedirectUri is not set: set AMOCRM_REDIRECT_URI to the redirect URI of the integration.");
        }

        v.Require(o.PipelineId > 0, "AmoCrm:PipelineId is not set: set AMO_PIPELINE_ID to the pipeline of Kaspi leads.");
        v.Require(o.StatusId > 0, "AmoCrm:StatusId is not set: set AMO_STATUS_ID to the status of new Kaspi leads.");
        v.Require(o.Rps is > 0 and <= 50, "AMO_RPS (AmoCrm:Rps) must be a number above 0 and at most 50.");
        v.Require(o.ContactIndexInterval >= TimeSpan.Zero, "AmoCrm:ContactIndexInterval must not be negative.");
        v.Require(o.ConsentUrl is null || OptionsValidation.IsHttpUrl(o.ConsentUrl), "AmoCrm:ConsentUrl must be an absolute http(s) URL.");
        return v.Result();
    }
}
