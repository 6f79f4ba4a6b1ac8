namespace Prometei.Workflows.Activities.Integration.Gateway;

/// <summary>The expected ways a gateway operation does not happen; activities turn them into named outcomes.</summary>
public enum GatewayRefusal
{
    None,

    /// <summary>The vendor has no such record (amoCRM's 204/404 for a lead): outcome <c>Lead not found</c>.</summary>
    NotFound,

    /// <summary>The vendor refused the document for good (the ERP's 4xx, stored by the gateway): outcome <c>Refused</c>.</summary>
    Refused,
}
