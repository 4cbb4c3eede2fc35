using Workspace.Web;
using Workspace.Web.Components;
using Workspace.Web.Data;
using Workspace.Web.Diagnostics;
using Workspace.Web.Features.Account;
using Workspace.Web.Features.Api;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Exports;
using Workspace.Web.Features.LiveViews;
using Workspace.Web.Features.Notifications;
using Workspace.Web.Features.Workshops;
using Workspace.Web.Hosting;

// `verify-audit` checks the audit trail's hash chains and exits instead of serving (decision 011).
var verifyAudit = args.Contains(AuditVerifier.Command);
var builder = WebApplication.CreateBuilder([.. args.Where(a => a != AuditVerifier.Command)]);

builder.Services.AddWorkspaceHosting(builder.Configuration, builder.Environment);
builder.Services.AddWorkspaceTelemetry(builder.Configuration);
builder.Services.AddWorkspaceData(builder.Configuration, builder.Environment);
builder.Services.AddWorkspaceIdentity(builder.Configuration, builder.Environment);
builder.Services.AddWorkspaceFeatures(builder.Configuration);
builder.Services.AddWorkspaceApi(builder.Configuration);
builder.Services.AddWorkspaceUi();
// The watchers' hub is hosting, like the circuits' own: its groups send through SignalR's hub context.
builder.Services.AddWorkspaceLiveViews();
builder.Services.AddWorkspaceCoTextHub();
builder.Services.AddWorkspaceAzureSignalR(builder.Configuration);
builder.Services.AddWorkspaceHealthProbes(builder.Configuration);
builder.Services.AddBenchDiagnostics(builder.Configuration, builder.Environment);

var app = builder.Build();
if (verifyAudit)
{
    return await AuditVerifier.RunCommandAsync(app.Services, Console.Out);
}

await app.InitialiseDatabaseAsync();
app.UseWorkspacePipeline();
app.MapStaticAssets();
// Blazor compresses its WebSocket frames by default; Blazor:WebSocketCompression=false turns that off
// (docs/benchmarks-journal.md, section 2, measures what it costs per circuit and per edit).
var webSocketCompression = app.Configuration.GetValue("Blazor:WebSocketCompression", true);
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(server => server.DisableWebSocketCompression = !webSocketCompression);
app.MapAdditionalIdentityEndpoints();
app.MapExternalSignIn();
app.MapWorkspaceExports();
app.MapBenchDiagnostics();
app.MapWorkshopCalendar();
app.MapWorkspaceLiveViews();
app.MapCoTextHub();
app.MapDigestUnsubscribe();
app.MapWorkspaceHealthProbes();
app.MapOpenApi();
app.MapWorkspaceApi();

app.Lifetime.ApplicationStarted.Register(() => StartupMessages.PrintUrls(app));

await app.RunAsync();
return 0;

/// <summary>Entry point; public so the end-to-end tests can host the app.</summary>
public partial class Program;
