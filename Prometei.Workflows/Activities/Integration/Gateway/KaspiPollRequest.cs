namespace Prometei.Workflows.Activities.Integration.Gateway;

/// <summary>A poll up to <see cref="Until"/> (the timer slot; null: now), looking <see cref="FirstPollDays"/> back on the very first poll.</summary>
public sealed record KaspiPollRequest(DateTimeOffset? Until, int FirstPollDays);
