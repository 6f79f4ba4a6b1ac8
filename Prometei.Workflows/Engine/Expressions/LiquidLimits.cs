namespace Prometei.Workflows.Engine.Expressions;

/// <summary>The limits one Liquid render runs under (<c>Workflows:Expressions:Liquid</c>).</summary>
public sealed record LiquidLimits
{
    /// <summary>Wall-clock time one render may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Statements one render may run (loops count each turn).</summary>
    public int MaxSteps { get; init; } = 1_000_000;

    /// <summary>Nested includes and blocks.</summary>
    public int MaxRecursion { get; init; } = 100;

    /// <summary>Characters one render may write.</summary>
    public int MaxOutputSize { get; init; } = 4 * 1024 * 1024;
}
