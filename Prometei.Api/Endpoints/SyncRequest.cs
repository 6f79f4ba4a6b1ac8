using Prometei.Api.Integrations.Kaspi.Models;

namespace Prometei.Api.Endpoints;

/// <summary>
/// A sync batch: <see cref="Orders"/> as <c>/api/kaspi/orders/new</c> returned them, and/or bare <see cref="Codes"/>
/// (each read from Kaspi first).
/// </summary>
public sealed record SyncRequest(IReadOnlyList<KaspiOrder>? Orders, IReadOnlyList<string>? Codes);
