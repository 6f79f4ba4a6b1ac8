// Placeholder: the AppHost (PostgreSQL, databases, services, their environment variables) arrives in a later issue.
Console.WriteLine("Prometei.AppHost is a placeholder; the AppHost arrives in a later issue.");
