using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Prometei.Workflows.Engine.Expressions;
using Prometei.Workflows.Engine.Model;
using Prometei.Workflows.Engine.State;
using Prometei.Workflows.Engine.Values;

namespace Prometei.Workflows.Engine.Execution;

/// <summary>
/// Runs workflow instances in memory. It knows nothing of storage: the runtime loads a <see cref="WorkflowState"/>,
/// calls <see cref="RunAsync"/>, and writes the state and the returned <see cref="ExecutionStep"/> in one transaction.
/// </summary>
public sealed class WorkflowRunner
{
    public WorkflowRunner(
        ExpressionEvaluatorRegistry evaluators,
        IServiceProvider services,
        TimeProvider? time = null,
        WorkflowRunnerOptions? options = null,
        ILogger<WorkflowRunner>? logger = null)
    {
        Evaluators = evaluators;
        Services = services;
        Time = time ?? TimeProvider.System;
        Options = options ?? new WorkflowRunnerOptions();
        Logger = logger ?? NullLogger<WorkflowRunner>.Instance;
    }

    internal ExpressionEvaluatorRegistry Evaluators { get; }

    internal IServiceProvider Services { get; }

    internal TimeProvider Time { get; }

    internal WorkflowRunnerOptions Options { get; }

    internal ILogger Logger { get; }

    internal Random Random { get; } = Random.Shared;

    /// <summary>A new instance, with its root scheduled. Nothing runs until <see cref="RunAsync"/>.</summary>
    /// <param name="workflow">The workflow version to run.</param>
    /// <param name="instanceId">The new instance's id.</param>
    /// <param name="input">The workflow input.</param>
    /// <param name="correlationId">An optional correlation id.</param>
    /// <param name="triggerNodeId">The trigger that fired, if a trigger started the instance.</param>
    public WorkflowState CreateInstance(
        Workflow workflow,
        string instanceId,
        IReadOnlyDictionary<string, JsonNode?>? input = null,
        string? correlationId = null,
        string? triggerNodeId = null)
    {
        var now = Time.GetUtcNow();
        var state = new WorkflowState
        {
            Id = instanceId,
            DefinitionId = workflow.DefinitionId,
            DefinitionVersionId = workflow.DefinitionVersionId,
            DefinitionVersion = workflow.Version,
            CorrelationId = correlationId,
            Name = workflow.Name,
            CreatedAt = now,
            UpdatedAt = now,
            TriggerNodeId = triggerNodeId,
        };
        if (triggerNodeId is not null)
        {
            state.Properties["triggerNodeId"] = triggerNodeId;
        }
        if (input is not null)
        {
            foreach (var (k, v) in input)
            {
                state.Input[k] = v?.DeepClone();
            }
        }

        foreach (var variable in workflow.Variables)
        {
            state.Variables[variable.Name] = InitialValue(variable);
        }

        var execution = new WorkflowExecution(this, workflow, state, CancellationToken.None);
        execution.ScheduleFrame(workflow.Root, parentId: null, tag: null, locals: null);
        return state;
    }

    /// <summary>Applies <paramref name="stimulus"/> and runs until the instance is quiet or a commit boundary is reached.</summary>
    public async Task<ExecutionStep> RunAsync(Workflow workflow, WorkflowState state, Stimulus stimulus, CancellationToken cancellationToken = default)
    {
        using var span = WorkflowTelemetry.StartDetail("workflow", workflow.Name ?? workflow.DefinitionId);
        span?.SetTag("workflow.instance_id", state.Id);
        span?.SetTag("workflow.definition_id", workflow.DefinitionId);
        span?.SetTag("workflow.version", workflow.Version);
        var step = await new WorkflowExecution(this, workflow, state, cancellationToken).RunAsync(stimulus);
        span?.SetTag("workflow.sub_status", state.SubStatus.ToString());
        if (step.StatusChanged && state.Status == WorkflowStatus.Finished)
        {
            (state.SubStatus == WorkflowSubStatus.Faulted ? WorkflowTelemetry.InstancesFaulted : WorkflowTelemetry.InstancesCompleted)
                .Add(1, new KeyValuePair<string, object?>("workflow.definition_id", workflow.DefinitionId));
        }

        return step;
    }

    /// <summary>Runs an instance until nothing is runnable (no storage in between): for tests and tools.</summary>
    public async Task<WorkflowState> RunToQuietAsync(Workflow workflow, WorkflowState state, Stimulus? stimulus = null, CancellationToken cancellationToken = default)
    {
        var step = await RunAsync(workflow, state, stimulus ?? new Stimulus.Continue(), cancellationToken);
        while (step.HasMoreWork)
        {
            step = await RunAsync(workflow, state, new Stimulus.Continue(), cancellationToken);
        }

        return state;
    }

    private static JsonNode? InitialValue(VariableDefinition variable)
    {
        if (variable.Value is null)
        {
            return null;
        }

        var type = ValueConverter.ResolveTypeName(variable.TypeName);
        if (type is null || type == typeof(object))
        {
            return variable.Value.DeepClone();
        }

        try
        {
            return ValueConverter.ToJson(ValueConverter.ConvertTo(ValueConverter.FromJson(variable.Value), type));
        }
        catch (InvalidCastException)
        {
            return variable.Value.DeepClone();
        }
    }
}
