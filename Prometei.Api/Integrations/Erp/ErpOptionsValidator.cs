using Microsoft.Extensions.Options;
using Prometei.Api.Hosting;

namespace Prometei.Api.Integrations.Erp;

internal sealed class ErpOptionsValidator : IValidateOptions<ErpOptions>
{
    public ValidateOptionsResult Validate(string? name, ErpOptions o)
    {
        var v = new OptionsValidation();
        v.AddRange(o.ConfigurationErrors);
        if (!o.Configured)
        {
            // Not configured: the ERP flows are off (health says so). The templates are still checked: they are set on purpose.
            return TemplatesChecked(v, o).Result();
        }

        v.Require(OptionsValidation.IsHttpUrl(o.BaseUrl), "Erp:BaseUrl is not set: set CRM_API_URL to the ERP's base URL.");
        v.Require(!string.IsNullOrWhiteSpace(o.ApiKey) || !string.IsNullOrWhiteSpace(o.Username),
            "The ERP needs credentials: set CRM_API_KEY, or CRM_API_USERNAME and CRM_API_PASSWORD.");
        v.Require(string.IsNullOrWhiteSpace(o.Username) || !string.IsNullOrEmpty(o.Password),
            "CRM_API_USERNAME is set but CRM_API_PASSWORD (Erp:Password) is not.");
        return TemplatesChecked(v, o).Result();
    }

    private static OptionsValidation TemplatesChecked(OptionsValidation v, ErpOptions o)
    {
        if (ErpTemplate.TryParse(o.TaskTemplate, out var taskError) is null)
        {
            v.Fail($"Erp:TaskTemplate is not a JSON object template: {taskError}");
        }

        if (ErpTemplate.TryParse(o.DealTemplate, out var dealError) is null)
        {
            v.Fail($"Erp:DealTemplate is not a JSON object template: {dealError}");
        }

        return v;
    }
}
