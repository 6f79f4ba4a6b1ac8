using Prometei.Api.Integrations.AmoCrm.Models;

namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>
/// A lead with the contacts asked for, read from amoCRM now: one request for the lead, one per contact read (the lead carries
/// only their ids). Nothing of it is kept: the caller that needs the lead reads it once and uses it at once.
/// </summary>
public sealed class AmoCrmLeadReader(IAmoCrmClient amo)
{
    public const int MaxContacts = 5;

    public async Task<AmoLeadDetails?> ReadAsync(long id, LeadContacts contacts, CancellationToken cancellationToken)
    {
        var lead = await amo.GetLeadAsync(id, cancellationToken);
        if (lead is null)
        {
            return null;
        }

        var links = contacts switch
        {
            LeadContacts.None => [],
            LeadContacts.Main => lead.Contacts.OrderByDescending(c => c.IsMain).Take(1).ToList(),
            _ => lead.Contacts.Take(MaxContacts).ToList(),
        };
        var read = new List<AmoLeadContact>();
        foreach (var link in links)
        {
            var contact = await amo.GetContactAsync(link.Id, cancellationToken);
            read.Add(new AmoLeadContact(link.Id, link.IsMain, contact?.Name, contact?.Phones ?? [], contact?.Emails ?? []));
        }

        // Contacts not read keep their id, so a template can still name the main contact's id.
        read.AddRange(lead.Contacts.Where(c => links.All(l => l.Id != c.Id)).Take(MaxContacts).Select(c => new AmoLeadContact(c.Id, c.IsMain, null, [], [])));
        return new AmoLeadDetails(
            lead.Id, lead.Name, lead.Price, lead.StatusId, lead.PipelineId, lead.ResponsibleUserId, lead.CreatedAt, lead.UpdatedAt,
            lead.ClosedAt, lead.Tags, lead.CustomFields, read);
    }
}
