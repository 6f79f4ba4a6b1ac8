namespace Prometei.Api.Integrations.Kaspi.Models;

/// <summary>The buyer. <see cref="CellPhone"/> as Kaspi sends it (usually 10 digits without the country code).</summary>
public sealed record KaspiCustomer(string? FirstName, string? LastName, string? Name, string? CellPhone);
