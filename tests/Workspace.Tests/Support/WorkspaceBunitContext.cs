using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using Workspace.Web;
using Workspace.Web.Data;
using Workspace.Web.Features.Email;
using Workspace.Web.Features.Invitations;
using Workspace.Web.Features.Members;
using Workspace.Web.Hosting;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Support;

/// <summary>
/// The one bUnit context for the app's components: the app's own service registrations with a fake clock,
/// loose JS interop, the real in-process event bus over a fresh SQLite database, and a signed-in person.
/// </summary>
public abstract class WorkspaceBunitContext : BunitContext
{
    protected WorkspaceBunitContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        JSInterop.Setup<string>("workspace.timeZone").SetResult("UTC");

        // What the web host gives the app, the app's own registrations, then only what a test must own: the
        // clock, the database, the bus it awaits, the mailer it reads and the public origin links are made from.
        Services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Production, ApplicationName = "Workspace.Web" });
        Services.AddWorkspaceFeatures(AppConfiguration);
        Services.AddWorkspaceComponents();
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton<IDbContextFactory<WorkspaceDbContext>>(Db);
        Services.AddSingleton<IPartnershipEvents>(Events);
        Services.AddSingleton<IAppEmailSender>(Email);
        Services.AddSingleton(Origin);
    }

    /// <summary>The settings the app's registrations read: none, so every option has its default.</summary>
    protected static IConfiguration AppConfiguration { get; } = new ConfigurationBuilder().Build();

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    protected TestDatabase Db { get; } = new();

    protected FakeTimeProvider Clock { get; } = new(TestClock.Start);

    /// <summary>The app's bus, awaiting deliveries so a test can assert the page right after a change.</summary>
    protected InProcessPartnershipEvents Events { get; } = new(NullLogger<InProcessPartnershipEvents>.Instance) { DeliverInline = true };

    protected FakeEmailSender Email { get; } = new();

    protected PublicOrigin Origin { get; } = new(new Uri("https://workspace.example.org/"));

    /// <summary>A member service as another circuit would use it, to make changes the rendered page should see.</summary>
    protected MemberService OtherCircuitMembers => new(Db, Events, Email, Options.Create(new InvitationOptions()), Origin, Clock);

    /// <summary>Signs the person in; call before rendering.</summary>
    protected void SignInAs(string userId, string displayName)
    {
        var authorization = AddAuthorization();
        authorization.SetAuthorized(displayName);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
    }

    /// <summary>
    /// Renders a page the way an interactive circuit does (pages subscribe to live events only then),
    /// after the popover provider that MudBlazor's selects and menus need.
    /// </summary>
    protected IRenderedComponent<TPage> RenderInteractive<TPage>(Action<ComponentParameterCollectionBuilder<TPage>> parameters)
        where TPage : IComponent
    {
        // Must follow every service registration: it starts the renderer.
        SetRendererInfo(new RendererInfo("Server", true));
        Render<MudPopoverProvider>();
        return Render(parameters);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Db.Dispose();
        }
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        Db.Dispose();
    }
}
