namespace Prometei.Api.Endpoints;

public sealed record CreateContactRequest(string? Name, string? FirstName, string? LastName, string? Phone, string? Email);
