namespace Prometei.Fakes.Control;

/// <summary>A Kaspi customer (<c>attributes.customer</c>).</summary>
/// <remarks>
/// <c>CellPhone</c>: Kaspi's documented format is 10 digits without country code (<c>7071234567</c>); stored as given.<br/>
/// <c>Name</c>: Often null on the wire.<br/>
/// <c>Id</c>: Default: base64 of the phone, as in the guide's examples.<br/>
/// </remarks>
public sealed record KaspiCustomer(string FirstName, string LastName, string CellPhone, string? Name = null, string? Id = null);
