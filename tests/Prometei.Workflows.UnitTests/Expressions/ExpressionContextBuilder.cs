using Prometei.Workflows.Engine.Expressions;

namespace Prometei.Workflows.UnitTests.Expressions;

/// <summary>Builds an <see cref="ExpressionContext"/> over in-memory variables, input and activity outputs.</summary>
internal sealed class ExpressionContextBuilder
{
    private readonly Dictionary<string, object?> _variables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _variableIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object?> _input = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Activity, string Output), object?> _outputs = [];

    /// <summary>The variables the built context reads and writes.</summary>
    public IDictionary<string, object?> Variables => _variables;

    public ExpressionContextBuilder WithVariable(string name, object? value, string? id = null)
    {
        Declare(name, id);
        _variables[name] = value;
        return this;
    }

    /// <summary>Declares a variable that has no value yet.</summary>
    public ExpressionContextBuilder Declare(string name, string? id = null)
    {
        _declared.Add(name);
        if (id is not null)
        {
            _variableIds[id] = name;
        }

        return this;
    }

    public ExpressionContextBuilder WithInput(string name, object? value)
    {
        _input[name] = value;
        return this;
    }

    public ExpressionContextBuilder WithOutput(string activity, string output, object? value)
    {
        _outputs[(activity, output)] = value;
        return this;
    }

    public ExpressionContext Build() => new()
    {
        WorkflowInstanceId = "instance-1",
        CorrelationId = "order-42",
        WorkflowDefinitionId = "def-1",
        WorkflowDefinitionVersionId = "def-1:v3",
        WorkflowDefinitionVersion = 3,
        VariableNames = [.. _declared],
        Variables = _variables,
        Input = _input,
        ResolveVariableName = reference =>
            _variableIds.TryGetValue(reference, out var name) ? name : _declared.Contains(reference) ? reference : null,
        GetActivityOutput = (activity, output) => _outputs.GetValueOrDefault((activity, output)),
    };
}
