namespace Prometei.Workflows.Engine.Descriptors;

public enum PortType
{
    Flow,
    Embedded,
}
