using System.Globalization;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Engine.Execution;

/// <summary>The engine's answer to a failed activity attempt; <see cref="Decide"/> is a pure function of its inputs.</summary>
/// <param name="Outcome">Retry, fault the instance, or record an incident and go on.</param>
/// <param name="RetryAt">When the next attempt runs (only for <see cref="RetryOutcome.Retry"/>).</param>
/// <param name="Message">What the execution log (retry) or the incident and fault (otherwise) say.</param>
public sealed record RetryDecision(RetryOutcome Outcome, DateTimeOffset? RetryAt, string Message)
{
    /// <summary>The activity's own policy, else its namespace's, else the engine's default.</summary>
    public static RetryPolicy PolicyFor(RetryPolicy? own, string activityNamespace, WorkflowRunnerOptions options) =>
        own
        ?? (options.NamespaceRetryPolicies.TryGetValue(activityNamespace, out var byNamespace) ? byNamespace : null)
        ?? options.DefaultRetryPolicy;

    /// <summary>Decides what follows a failed attempt.</summary>
    /// <param name="failure">What the attempt threw (transient or not: <see cref="ActivityFailure.IsTransient"/>).</param>
    /// <param name="attempt">The attempt that failed, 1-based.</param>
    /// <param name="firstFailedAt">When the activity's first failed attempt failed (for <see cref="RetryPolicy.Window"/>).</param>
    /// <param name="policy">The retry policy (<see cref="PolicyFor"/>).</param>
    /// <param name="incidentStrategy">The workflow's incident strategy, once retrying is over.</param>
    /// <param name="now">The current time.</param>
    /// <param name="jitterSample">A sample in 0..1 that places the delay in the policy's jitter band.</param>
    public static RetryDecision Decide(
        Exception failure,
        int attempt,
        DateTimeOffset firstFailedAt,
        RetryPolicy policy,
        IncidentStrategy incidentStrategy,
        DateTimeOffset now,
        double jitterSample)
    {
        var transient = ActivityFailure.IsTransient(failure);
        if (transient && policy.Allows(attempt, firstFailedAt, now))
        {
            var delay = policy.DelayAfter(attempt, jitterSample);
            if (failure is ActivityException { RetryAfter: { } retryAfter } && retryAfter > delay)
            {
                delay = retryAfter; // the vendor said when to come back
            }

            var of = policy.Window is { } window
                ? string.Create(CultureInfo.InvariantCulture, $"{policy.MaxAttempts}, or until {firstFailedAt + window:O}")
                : policy.MaxAttempts.ToString(CultureInfo.InvariantCulture);
            return new(RetryOutcome.Retry, now + delay,
                string.Create(CultureInfo.InvariantCulture, $"Attempt {attempt} of {of} failed; retrying in {delay.TotalSeconds:0.###} s: {failure.Message}"));
        }

        var message = transient
            ? string.Create(CultureInfo.InvariantCulture, $"{failure.Message} (gave up after {attempt} attempts)")
            : failure.Message;
        return new(incidentStrategy == IncidentStrategy.Continue ? RetryOutcome.Incident : RetryOutcome.Fault, null, message);
    }
}
