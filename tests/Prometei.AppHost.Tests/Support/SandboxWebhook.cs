using System.Globalization;

namespace Prometei.AppHost.Tests.Support;

/// <summary>amoCRM's status webhook for the sandbox's seeded lead, as amoCRM sends it (form-encoded).</summary>
public static class SandboxWebhook
{
    // The fake amoCRM's seeded lead "Kaspi 785512309" in pipeline "Kaspi заказы", moved from "Подтверждён" to "Передать в ERP".
    public const string LeadId = "24681357";
    public const string AccountId = "31234567";
    public const string PipelineId = "7012345";
    public const string SendToErpStatusId = "61234571";
    public const string ConfirmedStatusId = "61234569";

    public static FormUrlEncodedContent StatusChange(DateTimeOffset changedAt) => new(new Dictionary<string, string>
    {
        ["leads[status][0][id]"] = LeadId,
        ["leads[status][0][status_id]"] = SendToErpStatusId,
        ["leads[status][0][old_status_id]"] = ConfirmedStatusId,
        ["leads[status][0][pipeline_id]"] = PipelineId,
        ["leads[status][0][account_id]"] = AccountId,
        ["leads[status][0][last_modified]"] = changedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["account[subdomain]"] = "acmeshop",
        ["account[id]"] = AccountId,
    });
}
