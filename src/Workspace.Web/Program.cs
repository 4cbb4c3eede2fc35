using Workspace.Web;
using Workspace.Web.Components;
using Workspace.Web.Data;
using Workspace.Web.Features.Workshops;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddWorkspaceData(builder.Configuration, builder.Environment);
builder.Services.AddWorkspaceIdentity(builder.Configuration, builder.Environment);
builder.Services.AddWorkspaceFeatures(builder.Configuration);
builder.Services.AddWorkspaceUi();

var app = builder.Build();

await app.InitialiseDatabaseAsync();
app.UseWorkspacePipeline();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAdditionalIdentityEndpoints();
app.MapWorkshopCalendar();

app.Lifetime.ApplicationStarted.Register(() => StartupMessages.PrintUrls(app));

await app.RunAsync();

/// <summary>Entry point; public so the end-to-end tests can host the app.</summary>
public partial class Program;
