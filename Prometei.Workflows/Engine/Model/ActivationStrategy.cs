namespace Prometei.Workflows.Engine.Model;

public enum ActivationStrategy
{
    /// <summary>Every trigger fire starts an instance.</summary>
    Always,

    /// <summary>A fire is skipped while an instance of the same definition still runs.</summary>
    Singleton,
}
