namespace Prometei.Api.Integrations.Erp.Models;

/// <summary>The ERP's answer to a create: <c>201 {"id": n}</c>; <see cref="Replayed"/> when it recognised the idempotency key.</summary>
public sealed record ErpCreated(long Id, bool Replayed);
