namespace Prometei.Api.Cli;

/// <summary>
/// What <c>import-processed-orders</c> prints: rows read, orders marked done, orders already done in our ledger, rows
/// skipped (no code, or not finished by the old integrator), error log rows read and imported.
/// </summary>
public sealed record ProcessedOrdersImportResult(
    string Source, int OrdersRead, int OrdersImported, int OrdersAlreadyInLedger, int OrdersSkipped, int ErrorsRead, int ErrorsImported);
