namespace Prometei.Workflows.Engine.Model;

/// <summary>An activity output, optionally bound to a workflow variable or workflow output.</summary>
public abstract class Output
{
    protected Output(string? memoryReferenceId) => MemoryReferenceId = memoryReferenceId;

    /// <summary>The id (or name) of the variable or workflow output the value is copied to, or null.</summary>
    public string? MemoryReferenceId { get; }

    public abstract Type ValueType { get; }
}

/// <summary>An activity output of type <typeparamref name="T"/>.</summary>
public sealed class Output<T>(string? memoryReferenceId = null) : Output(memoryReferenceId)
{
    public override Type ValueType => typeof(T);
}
