using System.Text.Json.Nodes;

namespace Prometei.Api.Endpoints;

/// <summary>The contact's id; <see cref="Created"/> false when the phone index already knew the customer.</summary>
public sealed record CreateContactResponse(long? ContactId, bool Created, bool DryRun, JsonArray? WouldWrite);
