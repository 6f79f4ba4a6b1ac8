using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Expressions;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Engine.Execution;

/// <summary>
/// Variables as a frame sees them (its locals, its ancestors' locals, then the workflow's), the expression context built on
/// them, and the writes an activity's context applies to them and to the outputs.
/// </summary>
internal sealed class FrameVariables(Workflow workflow, WorkflowState state)
{
    private LazyWorkflowInput? _input;

    /// <summary>The frame and its ancestors, nearest first.</summary>
    public List<ActivityFrame> FrameChain(ActivityFrame frame)
    {
        var chain = new List<ActivityFrame>();
        for (var f = frame; f is not null; f = f.ParentId is null ? null : state.FindFrame(f.ParentId))
        {
            chain.Add(f);
        }

        return chain;
    }

    public IDictionary<string, object?> CreateVariables(ActivityFrame frame, Dictionary<string, object?> writes) =>
        new VariableScope(state, FrameChain(frame), writes);

    public string? ResolveVariableName(ActivityFrame frame, string reference)
    {
        foreach (var f in FrameChain(frame))
        {
            if (f.Locals.ContainsKey(reference))
            {
                return reference;
            }
        }

        var byId = workflow.Variables.FirstOrDefault(v => v.Id == reference) ?? workflow.Variables.FirstOrDefault(v => v.Name == reference);
        if (byId is not null)
        {
            return byId.Name;
        }

        return state.Variables.ContainsKey(reference) ? reference : null;
    }

    public ExpressionContext CreateExpressionContext(ActivityFrame frame, Dictionary<string, object?> writes)
    {
        return new ExpressionContext
        {
            WorkflowInstanceId = state.Id,
            CorrelationId = state.CorrelationId,
            WorkflowDefinitionId = workflow.DefinitionId,
            WorkflowDefinitionVersionId = workflow.DefinitionVersionId,
            WorkflowDefinitionVersion = workflow.Version,
            VariableNames = workflow.Variables.Select(v => v.Name).ToList(),
            InputNames = workflow.InputNames,
            ActivityOutputNames = workflow.RunTimeOutputNodes.Count == 0
                ? workflow.ActivityOutputNames
                : [.. workflow.ActivityOutputNames, .. workflow.RunTimeOutputNodes.SelectMany(n =>
                    state.ActivityOutputs.TryGetValue(n.NodeId, out var recorded) ? recorded.Keys.Select(k => (n.Name!, k)) : [])],
            Variables = CreateVariables(frame, writes),
            Input = _input ??= new LazyWorkflowInput(state.Input),
            ResolveVariableName = reference => ResolveVariableName(frame, reference),
            GetActivityOutput = (idOrName, outputName) =>
                workflow.FindByIdOrName(idOrName) is { } n
                && state.ActivityOutputs.TryGetValue(n.NodeId, out var outputs)
                && outputs.TryGetValue(outputName, out var value)
                    ? ValueConverter.FromJson(value)
                    : null,
        };
    }

    /// <summary>
    /// Applies an activity's variable writes, workflow outputs and output values (to the instance's activity outputs, the
    /// journal record and the variables its outputs are bound to).
    /// </summary>
    public void ApplyWrites(ActivityExecutionContext context, ActivityExecutionRecord record)
    {
        var frame = context.Frame;
        var node = context.Node;
        new VariableScope(state, FrameChain(frame), context.VariableWrites).Commit();
        foreach (var (name, value) in context.WorkflowOutputWrites)
        {
            state.Output[name] = ValueConverter.ToJson(value);
        }

        if (context.OutputValues.Count == 0)
        {
            return;
        }

        var outputs = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, value) in context.OutputValues)
        {
            outputs[name] = ValueConverter.ToJson(value);
        }

        state.ActivityOutputs[node.NodeId] = outputs;
        record.Outputs = ExecutionJournal.ToJsonObject(outputs);
        foreach (var descriptor in node.Descriptor.Outputs)
        {
            if (context.OutputValues.TryGetValue(descriptor.Name, out var value)
                && ((Output?)descriptor.Property.GetValue(node.Activity))?.MemoryReferenceId is { } target)
            {
                var variable = ResolveVariableName(frame, target);
                if (variable is not null)
                {
                    var scope = new VariableScope(state, FrameChain(frame), new() { [variable] = value });
                    scope.Commit();
                }
                else
                {
                    state.Output[target] = ValueConverter.ToJson(value);
                }
            }
        }
    }
}
