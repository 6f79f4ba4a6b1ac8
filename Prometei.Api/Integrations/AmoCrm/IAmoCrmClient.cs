using System.Text.Json.Nodes;
using Prometei.Api.Integrations.AmoCrm.Models;

namespace Prometei.Api.Integrations.AmoCrm;

/// <summary>amoCRM API v4. Writes take the request body as built by <see cref="AmoPayloads"/>; a 204 reads as empty.</summary>
public interface IAmoCrmClient
{
    /// <summary>A lead with its contact links; null when amoCRM answers 204 or 404 (both are seen for a missing id).</summary>
    Task<AmoLead?> GetLeadAsync(long id, CancellationToken cancellationToken);

    Task<AmoContact?> GetContactAsync(long id, CancellationToken cancellationToken);

    /// <summary>amoCRM's fuzzy <c>?query=</c> search: callers must confirm the hits.</summary>
    Task<IReadOnlyList<AmoContact>> SearchContactsAsync(string query, CancellationToken cancellationToken);

    /// <summary>A page of contacts updated at or after <paramref name="updatedFrom"/> (Unix seconds), oldest first.</summary>
    Task<AmoContactPage> ListContactsAsync(long? updatedFrom, int page, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<AmoCreated>> CreateContactsAsync(JsonArray contacts, CancellationToken cancellationToken);

    /// <summary><c>POST /api/v4/leads/complex</c>: at most 50 leads, each with one embedded new contact.</summary>
    Task<IReadOnlyList<AmoComplexResult>> CreateLeadsComplexAsync(JsonArray leads, CancellationToken cancellationToken);

    /// <summary><c>POST /api/v4/leads</c>: leads linked to existing contacts by id.</summary>
    Task<IReadOnlyList<AmoCreated>> CreateLeadsAsync(JsonArray leads, CancellationToken cancellationToken);

    Task<IReadOnlyList<AmoCreated>> UpdateLeadsAsync(JsonArray leads, CancellationToken cancellationToken);

    /// <summary><c>POST /api/v4/{entity}/notes</c>, each note carrying its <c>entity_id</c>.</summary>
    Task<IReadOnlyList<AmoCreated>> AddNotesAsync(string entity, JsonArray notes, CancellationToken cancellationToken);

    Task<IReadOnlyList<AmoLead>> SearchLeadsAsync(string query, CancellationToken cancellationToken);

    Task<IReadOnlyList<AmoPipeline>> GetPipelinesAsync(CancellationToken cancellationToken);

    /// <summary>Every custom field of <c>leads</c>, <c>contacts</c> or <c>companies</c> (all pages).</summary>
    Task<IReadOnlyList<AmoCustomFieldDefinition>> GetCustomFieldsAsync(string entity, CancellationToken cancellationToken);

    Task<AmoAccount> GetAccountAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /api/v4/webhooks</c>: every subscription with its <c>disabled</c> flag (empty on 204).</summary>
    Task<IReadOnlyList<AmoWebhookState>> ListWebhooksAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A page (100 events) of <c>GET /api/v4/events</c> (contract §17): <c>lead_status_changed</c> created from <paramref name="from"/> to
    /// <paramref name="to"/> (Unix seconds), into one of <paramref name="stages"/> (pipeline, status) when any are given.
    /// </summary>
    Task<AmoStatusChangePage> ListStatusChangesAsync(long from, long to, IReadOnlyList<(long PipelineId, long StatusId)> stages, int page, CancellationToken cancellationToken);
}
