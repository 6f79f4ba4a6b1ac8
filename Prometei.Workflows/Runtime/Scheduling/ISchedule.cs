namespace Prometei.Workflows.Runtime.Scheduling;

/// <summary>The due times ("slots") of a recurring trigger, as pure functions of time.</summary>
public interface ISchedule
{
    /// <summary>The first slot strictly after <paramref name="instant"/>, or null when there is none.</summary>
    DateTimeOffset? NextAfter(DateTimeOffset instant);

    /// <summary>
    /// The latest slot in (<paramref name="notBefore"/>, <paramref name="instant"/>], or null when there is none.
    /// After downtime the trigger fires once for all the slots it missed, and this is the slot it fires for.
    /// </summary>
    DateTimeOffset? LatestAtOrBefore(DateTimeOffset instant, DateTimeOffset notBefore);
}
