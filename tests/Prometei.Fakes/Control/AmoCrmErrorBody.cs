namespace Prometei.Fakes.Control;

/// <summary>The body of an amoCRM error that the contract says is often not JSON.</summary>
public enum AmoCrmErrorBody
{
    /// <summary>An nginx-style HTML page (<c>text/html</c>).</summary>
    Html,

    /// <summary>amoCRM's problem+json.</summary>
    Json,

    /// <summary>No body.</summary>
    Empty,
}
