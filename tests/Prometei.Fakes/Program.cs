using Prometei.Fakes;

// Fake amoCRM, Kaspi.kz and ERP as one app. Port from ASPNETCORE_URLS; `--sandbox` makes Kaspi orders appear over time.
var builder = WebApplication.CreateBuilder(args.Select(a => a == "--sandbox" ? "--Fakes:Sandbox=true" : a).ToArray());
builder.AddFakeVendors();

var app = builder.Build();
app.MapFakeVendors();
app.Run();
