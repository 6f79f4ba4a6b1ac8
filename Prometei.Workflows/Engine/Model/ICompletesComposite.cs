namespace Prometei.Workflows.Engine.Model;

/// <summary>
/// An activity whose outcomes are those of the workflow it runs in, as Elsa's <c>CompleteCompositeSignal</c> carries them to
/// the nearest composite (the workflow): <c>Elsa.Complete</c>. The engine keeps them as the instance's
/// <see cref="State.WorkflowState.Outcomes"/>, which a workflow used as an activity completes with in its parent.
/// </summary>
public interface ICompletesComposite;
