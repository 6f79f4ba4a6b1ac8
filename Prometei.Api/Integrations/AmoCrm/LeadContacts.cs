namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>Which of a lead's contacts a read fetches (amoCRM's lead carries only their ids; each contact is one more request).</summary>
public enum LeadContacts
{
    /// <summary>None: the lead's contacts stay ids.</summary>
    None,

    /// <summary>The main contact (or the first), for templates that use <c>lead.contact</c>.</summary>
    Main,

    /// <summary>Up to five, for templates that use <c>lead.contacts</c>, and for <c>GET /api/amocrm/leads/{id}</c>.</summary>
    All,
}
