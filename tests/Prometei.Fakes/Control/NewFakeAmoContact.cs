namespace Prometei.Fakes.Control;

/// <summary>A contact that a test puts into the fake amoCRM directly (<c>POST /_control/amocrm/contacts</c>).</summary>
public sealed record NewFakeAmoContact
{
    /// <summary>Full name; default "{FirstName} {LastName}".</summary>
    public string? Name { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    /// <summary>PHONE values, stored exactly as given (enum MOB).</summary>
    public IReadOnlyList<string> Phones { get; init; } = [];

    /// <summary>EMAIL values (enum WORK).</summary>
    public IReadOnlyList<string> Emails { get; init; } = [];

    /// <summary>A value of the "ИИН" field, handy for fuzzy-search decoys.</summary>
    public string? Iin { get; init; }

    /// <summary>A value of the "Город" field.</summary>
    public string? City { get; init; }
}
