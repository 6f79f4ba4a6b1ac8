using Prometei.Api.Hosting;

namespace Prometei.Api.Integrations.Erp;

/// <summary>
/// The company's ERP (section <c>Erp</c>; also <c>CRM_API_URL</c>, <c>CRM_API_KEY</c>, <c>CRM_API_USERNAME</c>,
/// <c>CRM_API_PASSWORD</c>, which win when set). Payloads come from JSON templates (see <see cref="ErpTemplate"/>).
/// </summary>
public sealed class ErpOptions
{
    public const string SectionName = "Erp";

    public const string DefaultTaskTemplate =
        """{"title":"{{texts.taskTitle}}","description":"{{texts.taskDescription}}","amoLeadId":"{{lead.id}}","amount":"{{lead.price}}","customer":"{{lead.contact.name}}","source":"amocrm"}""";

    public const string DefaultDealTemplate =
        """{"dealName":"{{deal.dealName}}","amount":"{{deal.amount}}","amoLeadId":"{{deal.leadId}}","comment":"{{texts.dealComment}}","source":"amocrm"}""";

    /// <summary>
    /// The ERP base URL (<c>CRM_API_URL</c>); tasks go to <c>{base}/api/tasks</c>, deals to <c>{base}/api/deals</c>. The old
    /// service's <c>CRM_API_URL</c> held the task endpoint itself: a URL whose last segment is <c>tasks</c>
    /// (<c>https://erp.example.kz/api/tasks</c>) is read as that endpoint, and deals go to <c>deals</c> beside it.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Sent as <c>X-Api-Key</c> (<c>CRM_API_KEY</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Basic auth user (<c>CRM_API_USERNAME</c>).</summary>
    public string? Username { get; set; }

    /// <summary>Basic auth password (<c>CRM_API_PASSWORD</c>).</summary>
    public string? Password { get; set; }

    public string TasksPath { get; set; } = "api/tasks";

    public string DealsPath { get; set; } = "api/deals";

    /// <summary>The task payload as a JSON template (<see cref="DefaultTaskTemplate"/>).</summary>
    public string TaskTemplate { get; set; } = DefaultTaskTemplate;

    /// <summary>The deal payload as a JSON template (<see cref="DefaultDealTemplate"/>).</summary>
    public string DealTemplate { get; set; } = DefaultDealTemplate;

    /// <summary>Texts for <c>{{texts.name}}</c>; they may hold placeholders too. Russian by default.</summary>
    public Dictionary<string, string> Texts { get; set; } = new(StringComparer.Ordinal);

    internal List<string> ConfigurationErrors { get; } = [];

    /// <summary>
    /// Whether the ERP is configured at all (any of <c>CRM_API_URL</c>, <c>CRM_API_KEY</c>, <c>CRM_API_USERNAME</c>,
    /// <c>CRM_API_PASSWORD</c> or their section keys set). When not, the ERP flows are off and nothing about it is required.
    /// </summary>
    public bool Configured => BaseUrl is not null || !string.IsNullOrWhiteSpace(ApiKey) || !string.IsNullOrWhiteSpace(Username) || !string.IsNullOrWhiteSpace(Password);

    public static IReadOnlyDictionary<string, string> DefaultTexts { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["taskTitle"] = "Сделка amoCRM №{{lead.id}}: {{lead.name}}",
        ["taskDescription"] = "Сделка «{{lead.name}}» на сумму {{lead.price}} ₸ перешла на этап передачи в ERP.",
        ["dealComment"] = "Сделка из amoCRM №{{deal.leadId}}",
    };

    /// <summary>The configured texts over the defaults.</summary>
    public IReadOnlyDictionary<string, string> EffectiveTexts =>
        DefaultTexts.Concat(Texts.Where(t => !DefaultTexts.ContainsKey(t.Key)))
            .ToDictionary(t => t.Key, t => Texts.TryGetValue(t.Key, out var own) ? own : t.Value, StringComparer.Ordinal);

    internal static void ApplyLegacy(ErpOptions o, LegacySettings legacy)
    {
        legacy.Uri(v => o.BaseUrl = v, "CRM_API_URL");
        legacy.String(v => o.ApiKey = v, "CRM_API_KEY");
        legacy.String(v => o.Username = v, "CRM_API_USERNAME");
        legacy.String(v => o.Password = v, "CRM_API_PASSWORD");
        if (o.BaseUrl is not { IsAbsoluteUri: true } url)
        {
            return;
        }

        if (TaskEndpoint(url) is { } endpoint)
        {
            o.BaseUrl = endpoint.Base;
            o.TasksPath = endpoint.TasksPath;
            if (legacy.Text(SectionName + ":DealsPath") is null)
            {
                o.DealsPath = "deals";
            }
        }
        else if (!url.AbsoluteUri.EndsWith('/'))
        {
            o.BaseUrl = new Uri(url.AbsoluteUri + "/");
        }
    }

    /// <summary>When <paramref name="url"/> is a task endpoint (last path segment <c>tasks</c>): the folder it is in and its name.</summary>
    internal static (Uri Base, string TasksPath)? TaskEndpoint(Uri url)
    {
        var path = url.AbsolutePath.TrimEnd('/');
        var slash = path.LastIndexOf('/');
        var last = path[(slash + 1)..];
        if (!string.Equals(last, "tasks", StringComparison.OrdinalIgnoreCase) || url.Query.Length > 0)
        {
            return null;
        }

        return (new UriBuilder(url.Scheme, url.Host, url.Port, path[..(slash + 1)]).Uri, last);
    }
}
