namespace Prometei.Workflows.Activities.Integration.Gateway;

/// <summary>A lead's contact by id only (names and phones stay in amoCRM and the gateway).</summary>
public sealed record AmoCrmContactRef(long Id, bool IsMain);
