namespace Prometei.Workflows.Runtime;

/// <summary>
/// Checks an HTTP trigger's request before anything is stored, so a malformed request gets 400 and creates no instance.
/// An HTTP endpoint names its validator in its <c>RequestValidator</c> input. Register implementations as singletons.
/// </summary>
public interface IHttpRequestValidator
{
    /// <summary>The name endpoints use to pick this validator.</summary>
    string Name { get; }

    /// <summary>Null when the request is acceptable; otherwise why not, for the 400 answer (no payload echoed).</summary>
    string? Validate(HttpTriggerRequest request);

    /// <summary>
    /// The part of an accepted request's body the instance stores as its input: by default all of it. A validator that knows
    /// what its workflow reads keeps only that, so nothing else a sender puts in the body (customer data) reaches the
    /// database, the journal or the Studio.
    /// </summary>
    string Keep(HttpTriggerRequest request) => request.Body;

    /// <summary>
    /// Null when the workflow acts on this valid request; otherwise what it holds that the workflow does not use (e.g.
    /// <c>contacts[add]</c>). Such a request is answered 200 and nothing is stored, so a sender that counts every other answer
    /// as a failed delivery (amoCRM switches a hook off after too many) is not refused for events it was set up to send.
    /// </summary>
    string? Unused(HttpTriggerRequest request) => null;
}
