namespace Prometei.Workflows.Engine.State;

/// <summary>
/// The id of an activity execution record: <c>&lt;instance id&gt;.&lt;32 hex digits&gt;</c>, so that a lookup by id (the Studio's
/// by-id and call stack) reads the rows of one instance. Ids of another form (written before, or imported) are listed with
/// their instance in <c>activity_execution_ids</c>.
/// </summary>
public static class ExecutionRecordId
{
    private const int SuffixLength = 32;

    public static string New(string instanceId) => $"{instanceId}.{Guid.CreateVersion7():N}";

    /// <summary>The instance an id of this form names, or null for an id of another form.</summary>
    public static string? InstanceOf(string id)
    {
        var dot = id.Length - SuffixLength - 1;
        if (dot < 1 || id[dot] != '.')
        {
            return null;
        }

        foreach (var c in id.AsSpan(dot + 1))
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return null;
            }
        }

        return id[..dot];
    }
}
