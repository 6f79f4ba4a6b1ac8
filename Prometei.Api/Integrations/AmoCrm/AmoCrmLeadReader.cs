using Microsoft.Extensions.Caching.Memory;
using Prometei.Api.Integrations.AmoCrm.Models;

namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>
/// A lead with its contacts (at most five, read one by one: amoCRM's lead carries only their ids). Each read is kept in the
/// process's memory for <see cref="RecentFor"/>, so the step that follows in the same flow (an ERP task made from the lead the
/// workflow just read) does not spend amoCRM's request budget on the same lead again; nothing of it is stored anywhere else.
/// </summary>
public sealed class AmoCrmLeadReader(IAmoCrmClient amo, IMemoryCache recent)
{
    public static readonly TimeSpan RecentFor = TimeSpan.FromSeconds(60);

    /// <summary>Reads the lead from amoCRM now.</summary>
    public async Task<AmoLeadDetails?> ReadAsync(long id, CancellationToken cancellationToken)
    {
        var lead = await amo.GetLeadAsync(id, cancellationToken);
        if (lead is null)
        {
            return null;
        }

        var contacts = new List<AmoLeadContact>();
        foreach (var link in lead.Contacts.Take(5))
        {
            var contact = await amo.GetContactAsync(link.Id, cancellationToken);
            contacts.Add(new AmoLeadContact(link.Id, link.IsMain, contact?.Name, contact?.Phones ?? [], contact?.Emails ?? []));
        }

        var details = new AmoLeadDetails(
            lead.Id, lead.Name, lead.Price, lead.StatusId, lead.PipelineId, lead.ResponsibleUserId, lead.CreatedAt, lead.UpdatedAt,
            lead.ClosedAt, lead.Tags, lead.CustomFields, contacts);
        recent.Set(Key(id), details, RecentFor);
        return details;
    }

    /// <summary>The lead as read within the last <see cref="RecentFor"/> by this process, or read now.</summary>
    public async Task<AmoLeadDetails?> ReadRecentAsync(long id, CancellationToken cancellationToken) =>
        recent.TryGetValue(Key(id), out AmoLeadDetails? lead) ? lead : await ReadAsync(id, cancellationToken);

    private static string Key(long id) => "amocrm.lead:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
