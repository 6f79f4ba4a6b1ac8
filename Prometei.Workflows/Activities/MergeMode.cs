namespace Prometei.Workflows.Activities;

/// <summary>Elsa's <c>MergeMode</c> (token-based flowcharts), read from an activity's <c>customProperties.mergeMode</c>.</summary>
public enum MergeMode
{
    /// <summary>Runs once none of its direct sources is still waiting to run, ignoring branches not taken (the default).</summary>
    Stream,

    /// <summary>Waits for a token on every forward inbound connection (blocks on a branch not taken).</summary>
    Merge,

    /// <summary>Waits for a token on every inbound connection, loops included.</summary>
    Converge,

    /// <summary>Runs once per arriving token.</summary>
    Cascade,

    /// <summary>Runs on the first token, cancels the other inbound branches still running and ignores their tokens.</summary>
    Race,
}
