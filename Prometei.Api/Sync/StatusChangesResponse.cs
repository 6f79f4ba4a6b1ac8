using Prometei.Api.Integrations.AmoCrm.Models;

namespace Prometei.Api.Sync;

/// <summary>The status changes of a catch-up window (Unix seconds), oldest first; move the watermark to <c>Until</c> once all are done.</summary>
public sealed record StatusChangesResponse(long Since, long Until, IReadOnlyList<AmoStatusChange> Changes);
