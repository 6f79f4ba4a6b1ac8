namespace Prometei.Workflows.Activities.Integration.Gateway;

/// <summary>An ERP task or deal made (or, under the gateway's DRY_RUN, not sent): only its id enters the workflow.</summary>
public sealed record ErpCreated(long? ErpId, bool DryRun);
