namespace Prometei.Workflows.Engine.Expressions;

/// <summary>The limits one JavaScript evaluation runs under (<c>Workflows:Expressions:JavaScript</c>).</summary>
public sealed record JavaScriptLimits
{
    /// <summary>Wall-clock time one evaluation may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Bytes one evaluation may allocate.</summary>
    public long MemoryLimitBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Statements one evaluation may run.</summary>
    public int MaxStatements { get; init; } = 10_000_000;

    /// <summary>Nested calls one evaluation may make.</summary>
    public int MaxRecursionDepth { get; init; } = 256;
}
