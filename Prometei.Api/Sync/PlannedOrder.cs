using Prometei.Api.Integrations.Kaspi.Models;

namespace Prometei.Api.Sync;

/// <summary>An order with its customer's phone (normalised when it could be) and, when known, the amoCRM contact.</summary>
public sealed record PlannedOrder(KaspiOrder Order, string? Phone, long? ContactId);
