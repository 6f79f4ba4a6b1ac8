namespace Prometei.Fakes.Erp;

/// <summary>The ERP's answer to a create: <c>{"id": n}</c>.</summary>
internal sealed record ErpCreated(long Id);
