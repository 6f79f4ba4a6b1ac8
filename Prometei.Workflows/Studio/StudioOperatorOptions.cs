namespace Prometei.Workflows.Studio;

/// <summary>The operator account (section <c>Studio:Operator</c>). The password comes from a secret, never from a committed file.</summary>
public sealed class StudioOperatorOptions
{
    public string UserName { get; set; } = "operator";

    /// <summary>Required while the Studio is enabled; without it <c>/studio</c> answers 503.</summary>
    public string? Password { get; set; }
}
