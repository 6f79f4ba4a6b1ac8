using Prometei.Api.Integrations.AmoCrm.Models;

namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>A lead and its contacts (up to five, one request each), as the workflows and ERP templates see it.</summary>
public sealed class AmoCrmLeadReader(IAmoCrmClient amo)
{
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

        return new AmoLeadDetails(
            lead.Id, lead.Name, lead.Price, lead.StatusId, lead.PipelineId, lead.ResponsibleUserId, lead.CreatedAt, lead.UpdatedAt,
            lead.ClosedAt, lead.Tags, lead.CustomFields, contacts);
    }
}
