namespace Prometei.Workflows.Activities.Integration.Gateway;

/// <summary>What a reconcile did: orders checked, missed ones found and created, cancellations and returns reflected.</summary>
public sealed record KaspiReconcile(int Checked, int Missed, int Created, int Reflected, bool DryRun);
