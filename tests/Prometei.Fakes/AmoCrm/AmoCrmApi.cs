namespace Prometei.Fakes.AmoCrm;

/// <summary>The fake amoCRM's routes under <c>/amocrm</c>; sub-paths mirror <c>https://{subdomain}.amocrm.ru</c>.</summary>
internal static class AmoCrmApi
{
    public static RouteGroupBuilder MapAmoCrmApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(FakeVendorPaths.AmoCrm);
        group.MapPost("/oauth2/access_token", AmoCrmOAuthEndpoints.AccessTokenAsync);

        var api = group.MapGroup("/api/v4");
        api.MapGet("/account", AmoCrmAccountEndpoints.Account);
        api.MapGet("/leads/pipelines", AmoCrmAccountEndpoints.Pipelines);
        api.MapGet("/leads/pipelines/{pipelineId:long}", AmoCrmAccountEndpoints.Pipeline);
        api.MapGet("/leads/pipelines/{pipelineId:long}/statuses", AmoCrmAccountEndpoints.Statuses);
        api.MapGet("/leads/pipelines/{pipelineId:long}/statuses/{statusId:long}", AmoCrmAccountEndpoints.Status);
        api.MapGet("/{entity}/custom_fields", AmoCrmAccountEndpoints.CustomFields);
        api.MapGet("/{entity}/custom_fields/{fieldId:long}", AmoCrmAccountEndpoints.CustomField);
        api.MapGet("/webhooks", AmoCrmAccountEndpoints.Webhooks);
        api.MapPost("/webhooks", AmoCrmAccountEndpoints.SubscribeAsync);
        api.MapDelete("/webhooks", AmoCrmAccountEndpoints.UnsubscribeAsync);

        api.MapGet("/events", AmoCrmEventsEndpoints.List);

        api.MapGet("/leads", AmoCrmLeadsEndpoints.List);
        api.MapPost("/leads", AmoCrmLeadsEndpoints.CreateAsync);
        api.MapPatch("/leads", AmoCrmLeadsEndpoints.UpdateManyAsync);
        api.MapPost("/leads/complex", AmoCrmLeadsEndpoints.ComplexAsync);
        api.MapGet("/leads/{id:long}", AmoCrmLeadsEndpoints.Get);
        api.MapPatch("/leads/{id:long}", AmoCrmLeadsEndpoints.UpdateAsync);
        api.MapPost("/leads/{id:long}/link", AmoCrmLeadsEndpoints.LinkAsync);

        api.MapGet("/contacts", AmoCrmContactsEndpoints.List);
        api.MapPost("/contacts", AmoCrmContactsEndpoints.CreateAsync);
        api.MapGet("/contacts/{id:long}", AmoCrmContactsEndpoints.Get);
        api.MapPatch("/contacts/{id:long}", AmoCrmContactsEndpoints.UpdateAsync);

        api.MapGet("/{entity}/notes", AmoCrmNotesEndpoints.List);
        api.MapGet("/{entity}/{id:long}/notes", AmoCrmNotesEndpoints.List);
        api.MapPost("/{entity}/notes", AmoCrmNotesEndpoints.CreateAsync);
        api.MapPost("/{entity}/{id:long}/notes", AmoCrmNotesEndpoints.CreateAsync);
        return group;
    }
}
