using System.Net;
using Prometei.Workflows.Engine.Execution;
using Prometei.Workflows.Engine.Expressions;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.UnitTests.Engine;

public sealed class RetryDecisionTests
{
    private static readonly DateTimeOffset s_firstFailedAt = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Policy in every row: 3 attempts, 2 s, ×2, capped at 10 s; <c>window</c> and <c>jitter</c> vary per row.</summary>
    [Theory]
    //           failure        attempt  since first  window  jitter sample  strategy                    outcome                  delay ms message
    [InlineData("http503",     1,       0,           null,   0.0,   0.5,    IncidentStrategy.Fault,     RetryOutcome.Retry,      2000,     "Attempt 1 of 3 failed; retrying in 2 s: Service Unavailable")]
    [InlineData("http503",     2,       2,           null,   0.0,   0.5,    IncidentStrategy.Fault,     RetryOutcome.Retry,      4000,     "Attempt 2 of 3 failed; retrying in 4 s: Service Unavailable")]
    [InlineData("http503",     3,       6,           null,   0.0,   0.5,    IncidentStrategy.Fault,     RetryOutcome.Fault,      null,    "Service Unavailable (gave up after 3 attempts)")]
    [InlineData("http503",     3,       6,           null,   0.0,   0.5,    IncidentStrategy.Continue,  RetryOutcome.Incident,   null,    "Service Unavailable (gave up after 3 attempts)")]
    [InlineData("connection",  1,       0,           null,   0.0,   0.5,    IncidentStrategy.Fault,     RetryOutcome.Retry,      2000,     "Attempt 1 of 3 failed; retrying in 2 s: refused")]
    [InlineData("timeout",     1,       0,           null,   0.0,   0.5,    IncidentStrategy.Fault,     RetryOutcome.Retry,      2000,     "Attempt 1 of 3 failed; retrying in 2 s: timed out")]
    [InlineData("http429",     1,       0,           null,   0.0,   0.5,    IncidentStrategy.Fault,     RetryOutcome.Retry,      2000,     "Attempt 1 of 3 failed; retrying in 2 s: Too Many Requests")]
    [InlineData("http404",     1,       0,           null,   0.0,   0.5,    IncidentStrategy.Fault,     RetryOutcome.Fault,      null,    "Not Found")]
    [InlineData("http404",     1,       0,           null,   0.0,   0.5,    IncidentStrategy.Continue,  RetryOutcome.Incident,   null,    "Not Found")]
    [InlineData("expression",  1,       0,           null,   0.0,   0.5,    IncidentStrategy.Fault,     RetryOutcome.Fault,      null,    "bad expression")]
    [InlineData("bug",         1,       0,           null,   0.0,   0.5,    IncidentStrategy.Fault,     RetryOutcome.Fault,      null,    "a bug")]
    [InlineData("permanent",   1,       0,           null,   0.0,   0.5,    IncidentStrategy.Fault,     RetryOutcome.Fault,      null,    "refused by vendor")]
    // An ActivityException says itself whether it is transient.
    [InlineData("transient",   2,       2,           null,   0.0,   0.5,    IncidentStrategy.Fault,     RetryOutcome.Retry,      4000,     "Attempt 2 of 3 failed; retrying in 4 s: vendor down")]
    // Retry-After longer than the backoff wins; shorter is ignored.
    [InlineData("retryAfter30", 1,      0,           null,   0.0,   0.5,    IncidentStrategy.Fault,     RetryOutcome.Retry,      30000,    "Attempt 1 of 3 failed; retrying in 30 s: slow down")]
    [InlineData("retryAfter1", 1,       0,           null,   0.0,   0.5,    IncidentStrategy.Fault,     RetryOutcome.Retry,      2000,     "Attempt 1 of 3 failed; retrying in 2 s: slow down")]
    // A window keeps retrying past MaxAttempts, at the capped delay, until it closes.
    [InlineData("transient",   7,       3599,        3600,   0.0,   0.5,    IncidentStrategy.Fault,     RetryOutcome.Retry,      10000,    "Attempt 7 of 3, or until 2026-12-05T11:00:00.0000000+00:00 failed; retrying in 10 s: vendor down")]
    [InlineData("transient",   7,       3600,        3600,   0.0,   0.5,    IncidentStrategy.Fault,     RetryOutcome.Fault,      null,    "vendor down (gave up after 7 attempts)")]
    [InlineData("permanent",   1,       0,           3600,   0.0,   0.5,    IncidentStrategy.Fault,     RetryOutcome.Fault,      null,    "refused by vendor")]
    // Jitter: the sample places the delay in ±20 % of it.
    [InlineData("transient",   1,       0,           null,   0.2,   0.0,    IncidentStrategy.Fault,     RetryOutcome.Retry,      1600,     "Attempt 1 of 3 failed; retrying in 1.6 s: vendor down")]
    [InlineData("transient",   1,       0,           null,   0.2,   1.0,    IncidentStrategy.Fault,     RetryOutcome.Retry,      2400,     "Attempt 1 of 3 failed; retrying in 2.4 s: vendor down")]
    public void Decide_Row_GivesOutcomeTimeAndMessage(
        string failure, int attempt, int secondsSinceFirstFailure, int? windowSeconds, double jitter, double jitterSample,
        IncidentStrategy strategy, RetryOutcome expectedOutcome, int? expectedDelayMs, string expectedMessage)
    {
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(2), 2.0, TimeSpan.FromSeconds(10), jitter,
            windowSeconds is { } w ? TimeSpan.FromSeconds(w) : null);
        var now = s_firstFailedAt.AddSeconds(secondsSinceFirstFailure);

        var decision = RetryDecision.Decide(Failure(failure), attempt, s_firstFailedAt, policy, strategy, now, jitterSample);

        Assert.Equal(expectedOutcome, decision.Outcome);
        Assert.Equal(expectedDelayMs is { } d ? now.AddMilliseconds(d) : null, decision.RetryAt);
        Assert.Equal(expectedMessage, decision.Message);
    }

    [Theory]
    [InlineData(true, "Prometei", 7)]
    [InlineData(false, "Prometei", 4)]
    [InlineData(false, "Elsa", 5)]
    public void PolicyFor_OwnThenNamespaceThenDefault(bool own, string activityNamespace, int expectedMaxAttempts)
    {
        var options = new WorkflowRunnerOptions { DefaultRetryPolicy = RetryPolicy.Default };
        options.NamespaceRetryPolicies["Prometei"] = RetryPolicy.Default with { MaxAttempts = 4 };
        var ownPolicy = own ? RetryPolicy.Default with { MaxAttempts = 7 } : null;

        Assert.Equal(expectedMaxAttempts, RetryDecision.PolicyFor(ownPolicy, activityNamespace, options).MaxAttempts);
    }

    private static Exception Failure(string kind) => kind switch
    {
        "http503" => new HttpRequestException("Service Unavailable", null, HttpStatusCode.ServiceUnavailable),
        "http429" => new HttpRequestException("Too Many Requests", null, HttpStatusCode.TooManyRequests),
        "http404" => new HttpRequestException("Not Found", null, HttpStatusCode.NotFound),
        "connection" => new HttpRequestException("refused"),
        "timeout" => new TimeoutException("timed out"),
        "expression" => new ExpressionException("bad expression"),
        "bug" => new InvalidOperationException("a bug"),
        "transient" => new ActivityException("vendor down", isTransient: true),
        "permanent" => new ActivityException("refused by vendor", isTransient: false),
        "retryAfter30" => new ActivityException("slow down", isTransient: true, retryAfter: TimeSpan.FromSeconds(30)),
        "retryAfter1" => new ActivityException("slow down", isTransient: true, retryAfter: TimeSpan.FromSeconds(1)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
