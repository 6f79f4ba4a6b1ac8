namespace Prometei.Fakes.Control;

/// <summary>What <c>/leads/complex</c> does with <c>_embedded.contacts: [{"id": …}]</c>.</summary>
public enum ComplexContactById
{
    /// <summary>Links the existing contact to the new lead.</summary>
    Link,

    /// <summary>Answers 400 with a validation error.</summary>
    Reject,
}
