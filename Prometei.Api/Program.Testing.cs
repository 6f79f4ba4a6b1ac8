// Lets WebApplicationFactory<Program> reach the entry point from the test projects.
public partial class Program;
