using Prometei.Fakes.Control;

namespace Prometei.Fakes;

/// <summary>The fake Kaspi merchant (<c>Fakes:Kaspi</c>).</summary>
public sealed class KaspiFakeOptions
{
    /// <summary>The merchant API token expected in <c>X-Auth-Token</c>.</summary>
    public string ApiToken { get; set; } = "fake-kaspi-api-token";

    /// <summary>Behaviour where the contract leaves a choice, and limits.</summary>
    public KaspiBehavior Behavior { get; set; } = new();
}
