namespace Prometei.Api.Sync;

internal static partial class SyncLog
{
    [LoggerMessage(5001, LogLevel.Information, "Contact phone index updated: {Contacts} contacts read in {Requests} amoCRM requests (full: {Full})")]
    public static partial void IndexRefreshed(ILogger logger, int contacts, int requests, bool full);

    [LoggerMessage(5002, LogLevel.Information, "Kaspi sync: {Created} leads created ({ContactsCreated} new contacts), {Already} already processed, {InProgress} in progress, {Failed} failed")]
    public static partial void Synced(ILogger logger, int created, int contactsCreated, int already, int inProgress, int failed);

    [LoggerMessage(5003, LogLevel.Warning, "amoCRM refused a batch of {Count} Kaspi orders ({Status}): {Reason}")]
    public static partial void BatchRefused(ILogger logger, int count, int status, string reason);

    [LoggerMessage(5004, LogLevel.Warning, "A batch of {Count} Kaspi orders may or may not have reached amoCRM ({Reason}); the next attempt looks the leads up first")]
    public static partial void BatchUncertain(ILogger logger, int count, string reason);

    [LoggerMessage(5005, LogLevel.Information, "DRY_RUN: would {Method} {Path} with {Count} items (orders {Codes})")]
    public static partial void DryRunWrite(ILogger logger, string method, string path, int count, string codes);

    [LoggerMessage(5006, LogLevel.Information, "Kaspi order {Code} had been created in amoCRM already (lead {LeadId}); recorded without a new lead")]
    public static partial void Recovered(ILogger logger, string code, long leadId);

    [LoggerMessage(5007, LogLevel.Warning, "Kaspi order {Code} has no usable customer phone ({Masked}): its lead is made without a contact and tagged for review")]
    public static partial void OddPhone(ILogger logger, string code, string masked);

    [LoggerMessage(5020, LogLevel.Information, "amoCRM status changes from {Since} to {Until}: {Read} read, {Matching} in the asked stages")]
    public static partial void StatusChangesRead(ILogger logger, long since, long until, int read, int matching);

    [LoggerMessage(5021, LogLevel.Warning, "amoCRM lists more status changes within one second ({Since} to {Until}) than one read holds; acting on the {Read} read")]
    public static partial void StatusChangesOverflow(ILogger logger, long since, long until, int read);

    [LoggerMessage(5008, LogLevel.Warning, "Could not add line-item notes to {Count} leads: {Reason}")]
    public static partial void NotesFailed(ILogger logger, int count, string reason);

    [LoggerMessage(5009, LogLevel.Information, "Kaspi poll: {Found} orders in {From}–{To}, {New} not processed yet")]
    public static partial void Polled(ILogger logger, int found, DateTimeOffset from, DateTimeOffset to, int @new);

    [LoggerMessage(5010, LogLevel.Information, "Reconcile {From}–{To}: {Checked} orders checked, {Created} created, {Reflected} cancellations/returns reflected")]
    public static partial void Reconciled(ILogger logger, DateTimeOffset from, DateTimeOffset to, int @checked, int created, int reflected);

    [LoggerMessage(5011, LogLevel.Warning, "The contact index was not brought up to date ({Reason}): orders of known customers go on, new customers' orders wait")]
    public static partial void IndexNotRefreshed(ILogger logger, string reason);

    [LoggerMessage(5090, LogLevel.Warning, "amoCRM created a batch of leads but the ledger's database cannot record them ({Error}); holding their record until it can")]
    public static partial void RecordWaiting(ILogger logger, string error);
}
