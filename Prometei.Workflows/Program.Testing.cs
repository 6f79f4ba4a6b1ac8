// Lets WebApplicationFactory<Program> find the entry point.
public partial class Program
{
}
