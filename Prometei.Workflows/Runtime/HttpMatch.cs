using Prometei.Workflows.Persistence;

namespace Prometei.Workflows.Runtime;

/// <summary>What a request path matched: the triggers that take its method, and every method the path takes.</summary>
public sealed record HttpMatch(IReadOnlyList<(TriggerRecord Trigger, IReadOnlyDictionary<string, string> Route)> Matches, IReadOnlyList<string> AllowedMethods);
