using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using Prometei.Workflows.Engine.Model;

namespace Prometei.Workflows.Engine.Descriptors;

/// <summary>
/// The activity types the engine knows, with descriptors generated from their attributes.
/// A new activity class shows up in Studio's toolbox once it is registered: no descriptor JSON is written by hand.
/// </summary>
public sealed class ActivityRegistry
{
    private readonly ConcurrentDictionary<string, ActivityDescriptor> _byTypeName = new(StringComparer.Ordinal);

    public ActivityRegistry(IEnumerable<Type> activityTypes)
    {
        foreach (var type in activityTypes)
        {
            Register(type);
        }
    }

    public IReadOnlyCollection<ActivityDescriptor> Descriptors => _byTypeName.Values.OrderBy(d => d.TypeName, StringComparer.Ordinal).ToList();

    /// <summary>Registers every concrete <see cref="Activity"/> with an <see cref="ActivityAttribute"/> in the assembly.</summary>
    public static IEnumerable<Type> FindActivityTypes(Assembly assembly) =>
        assembly.GetTypes().Where(t => !t.IsAbstract && typeof(Activity).IsAssignableFrom(t) && t.GetCustomAttribute<ActivityAttribute>() is not null);

    public ActivityDescriptor Register(Type type)
    {
        var descriptor = Describe(type);
        if (!_byTypeName.TryAdd(descriptor.TypeName, descriptor) && _byTypeName[descriptor.TypeName].ClrType != type)
        {
            throw new InvalidOperationException($"Two activity classes claim the type name '{descriptor.TypeName}'.");
        }

        return descriptor;
    }

    public ActivityDescriptor? Find(string typeName) => _byTypeName.GetValueOrDefault(typeName);

    /// <summary>
    /// The descriptor of an activity in a definition: its type's, or, for a type this server does not have that carries a
    /// <c>workflowDefinitionId</c> (Elsa's workflow-as-activity, whose type name is the child definition's name), the one
    /// of <see cref="WorkflowDefinitionActivityTypeName"/>. The child is found when the activity runs, so a parent may be
    /// stored and published before its child, in any order files are imported.
    /// </summary>
    public ActivityDescriptor? Find(JsonObject activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity["type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var type))
        {
            return null;
        }

        return Find(type) ?? (IsWorkflowDefinitionActivity(activity) ? Find(WorkflowDefinitionActivityTypeName) : null);
    }

    /// <summary>The internal type name of every workflow-as-activity node (the node keeps the child's type name).</summary>
    public const string WorkflowDefinitionActivityTypeName = "Elsa.WorkflowDefinitionActivity";

    /// <summary>Whether the JSON is Elsa's workflow-as-activity shape: a non-empty string <c>workflowDefinitionId</c>.</summary>
    public static bool IsWorkflowDefinitionActivity(JsonObject activity) =>
        activity["workflowDefinitionId"] is JsonValue v && v.TryGetValue<string>(out var id) && !string.IsNullOrWhiteSpace(id);

    /// <summary>Builds the descriptor of an activity class from its attributes.</summary>
    public static ActivityDescriptor Describe(Type type)
    {
        var attribute = type.GetCustomAttribute<ActivityAttribute>()
            ?? throw new InvalidOperationException($"{type.FullName} has no [Activity] attribute.");
        var name = type.Name;
        var typeName = attribute.TypeName ?? $"{attribute.Namespace}.{name}";
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);

        var inputs = new List<InputDescriptor>();
        var outputs = new List<OutputDescriptor>();
        var ports = new List<PortDescriptor>();
        var order = 0;
        foreach (var property in properties)
        {
            if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(Input<>))
            {
                var a = property.GetCustomAttribute<InputAttribute>() ?? new InputAttribute();
                var valueType = property.PropertyType.GetGenericArguments()[0];
                inputs.Add(new InputDescriptor(
                    property.Name,
                    JsonNames.FriendlyTypeName(valueType),
                    a.DisplayName ?? Humanize(property.Name),
                    a.Description ?? "",
                    a.Order != 0 ? a.Order : order,
                    a.Category,
                    a.UIHint,
                    a.DefaultValue,
                    a.DefaultSyntax,
                    a.IsWrapped,
                    a.CanContainSecrets,
                    a.IsBrowsable,
                    a.Options ?? (valueType.IsEnum ? Enum.GetNames(valueType) : null),
                    valueType,
                    property));
                order++;
            }
            else if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(Output<>))
            {
                var a = property.GetCustomAttribute<OutputAttribute>() ?? new OutputAttribute();
                var valueType = property.PropertyType.GetGenericArguments()[0];
                outputs.Add(new OutputDescriptor(
                    property.Name, JsonNames.FriendlyTypeName(valueType), a.DisplayName ?? Humanize(property.Name),
                    a.Description ?? "", a.IsBrowsable, valueType, property));
            }
            else if (property.GetCustomAttribute<PortAttribute>() is { } port && typeof(Activity).IsAssignableFrom(property.PropertyType))
            {
                ports.Add(new PortDescriptor(property.Name, port.DisplayName ?? property.Name, PortType.Embedded, property));
            }
        }

        if (!attribute.IsTerminal)
        {
            ports.InsertRange(0, attribute.Outcomes.Select(o => new PortDescriptor(o, o, PortType.Flow)));
        }

        var isContainer = ports.Any(p => p.Type == PortType.Embedded) || typeof(IContainerActivity).IsAssignableFrom(type);
        return new ActivityDescriptor(
            typeName,
            attribute.Namespace,
            name,
            Version: 1,
            attribute.Category,
            attribute.DisplayName ?? Humanize(name),
            attribute.Description,
            attribute.Kind,
            isContainer,
            attribute.IsBrowsable,
            IsStart: attribute.Kind == ActivityKind.Trigger,
            attribute.IsTerminal,
            attribute.HasOutsideEffect,
            ports,
            inputs,
            outputs,
            type);
    }

    /// <summary><c>SendHttpRequest</c> → <c>Send Http Request</c>.</summary>
    private static string Humanize(string name)
    {
        var chars = new List<char>(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                chars.Add(' ');
            }

            chars.Add(name[i]);
        }

        return new string([.. chars]);
    }
}
