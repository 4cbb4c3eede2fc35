using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using Workspace.Web.Components.Account;
using Workspace.Web.Data;
using Workspace.Web.Features.Account;
using Workspace.Web.Features.Agreement;
using Workspace.Web.Features.Alignment;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Contributions;
using Workspace.Web.Features.Email;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Invitations;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Notifications;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Profile;
using Workspace.Web.Features.Publication;
using Workspace.Web.Features.Webhooks;
using Workspace.Web.Hosting;
using Workspace.Web.RealTime;

namespace Workspace.Web;

public static class WorkspaceServiceCollectionExtensions
{
    public static IServiceCollection AddWorkspaceIdentity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // Sign-in cookies survive restarts: the key ring is kept with the app's data, encrypted with a
        // certificate where one is configured.
        var dataProtection = services.AddDataProtection().SetApplicationName("PartnershipWorkspace");
        var keysPath = configuration["DataProtection:KeysPath"] ?? Path.Combine(environment.ContentRootPath, "App_Data", "keys");
        if (RedisConnection.IsConfigured(configuration))
        {
            // One key ring for every node, through the shared connection: any node reads any node's cookies and
            // antiforgery tokens; the node's key folder keeps a copy for a start while Redis is down.
            services.AddOptions<KeyManagementOptions>().Configure<StackExchange.Redis.IConnectionMultiplexer, ILoggerFactory>((options, redis, loggers) =>
                options.XmlRepository = new MirroredKeyRing(redis, new DirectoryInfo(keysPath), loggers));
        }
        else
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysPath));
        }

        KeyRingCertificate.Apply(dataProtection, configuration);

        // Outside Development cookies travel only over HTTPS, and scripts never read them.
        var securePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.Configure<AntiforgeryOptions>(options =>
        {
            options.Cookie.SecurePolicy = securePolicy;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
        });

        // A password change or reset ends the person's other sessions within a minute: sign-in cookies
        // check the security stamp this often, and so do live circuits (IdentityRevalidatingAuthenticationStateProvider).
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AccountLinks>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        var authentication = services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            });
        authentication.AddIdentityCookies();

        // Sign-in with OpenID Connect providers (an organisation's Microsoft Entra ID, say), when configured (decision 013).
        var externalProviders = ExternalProviders.FromConfiguration(configuration);
        externalProviders.AddTo(authentication);
        services.AddSingleton(externalProviders);
        services.AddScoped<ExternalSignIn>();

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = configuration.GetValue("Identity:RequireConfirmedAccount", true);
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
            })
            .AddEntityFrameworkStores<WorkspaceDbContext>()
            .AddSignInManager<AuditedSignInManager>()
            .AddDefaultTokenProviders()
            // Replaces the default authenticator provider: the same check, but each code signs in once.
            .AddTokenProvider<SingleUseAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider);
        services.AddScoped<TwoFactorService>();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.Name = "workspace.auth";
            options.Events.OnValidatePrincipal = SecurityStampCheck.WhenDueAsync;
        });
        // Every Identity cookie (the sign-in cookie and the external and two-factor ones).
        services.ConfigureAll<CookieAuthenticationOptions>(options =>
        {
            options.Cookie.SecurePolicy = securePolicy;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
        });
        services.AddAuthorization();

        // Posts to the account pages (sign-in, registration, password reset) are limited per client
        // address, on top of Identity's lockout of an account after 5 failed sign-ins.
        var accountPostsPerMinute = configuration.GetValue("RateLimits:AccountPostsPerMinute", 30);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (rejected, cancellationToken) =>
            {
                rejected.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                return new ValueTask(rejected.HttpContext.Response.WriteAsync(
                    "Too many attempts from your network. Wait a minute, then go back and try again.", cancellationToken));
            };
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/Account")
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = accountPostsPerMinute, Window = TimeSpan.FromMinutes(1) })
                    : RateLimitPartition.GetNoLimiter("unlimited"));
        });
        return services;
    }

    public static IServiceCollection AddWorkspaceFeatures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddWorkspaceEmail(configuration);
        services.Configure<InvitationOptions>(configuration.GetSection(InvitationOptions.Section));
        services.Configure<QuotaLimits>(configuration.GetSection(QuotaLimits.Section));

        // With Redis the bus reaches every node (decision 016); without it, this process's viewers only.
        services.AddSingleton<LiveUpdatesStatus>();
        if (services.AddWorkspaceRedis(configuration))
        {
            services.AddSingleton<IPartnershipEvents, RedisPartnershipEvents>();
        }
        else
        {
            services.AddSingleton<IPartnershipEvents, InProcessPartnershipEvents>();
        }

        services.AddScoped<PartnershipService>();
        services.AddScoped<MemberService>();
        services.AddScoped<MembersPageService>();
        services.AddScoped<OrganisationService>();
        services.AddScoped<OrganisationMembershipService>();
        services.AddScoped<ProfileService>();
        services.AddScoped<PersonalDataService>();
        services.AddScoped<Workspace.Web.Features.Activity.ActivityService>();
        services.AddWorkspacePresence(configuration);
        services.AddScoped<CircuitPresence>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, PresenceCircuitHandler>();
        services.AddSingleton<MarkdownRenderer>();
        services.AddScoped<GoalService>();
        services.AddScoped<GoalPageService>();
        services.AddScoped<AgreementService>();
        services.AddScoped<ContributionService>();
        services.AddScoped<Workspace.Web.Features.Health.HealthService>();
        services.AddScoped<AlignmentService>();
        services.AddScoped<IndicatorService>();
        services.AddScoped<DraftService>();
        services.AddScoped<Workspace.Web.Features.CoTyping.CoTypingService>();
        services.AddScoped<Workspace.Web.Features.CoTyping.CoTextCaretService>();
        services.AddScoped<Workspace.Web.Features.Dialogue.LogService>();
        services.AddScoped<Workspace.Web.Features.Dialogue.ReplyService>();
        services.AddScoped<Workspace.Web.Features.Dialogue.DecisionService>();
        services.AddScoped<Workspace.Web.Features.Dialogue.ActionService>();
        services.AddScoped<Workspace.Web.Features.Dialogue.ReadStateService>();
        services.AddWorkspaceNotifications(configuration);
        services.AddWorkspaceWebhooks(configuration);
        services.AddScoped<Workspace.Web.Features.Dashboard.DashboardService>();
        services.AddScoped<Workspace.Web.Features.Exports.ExportService>();
        services.AddWorkspacePublication(configuration);

        // Live workshops
        services.AddScoped<Workspace.Web.Features.Workshops.WorkshopService>();
        services.AddScoped<Workspace.Web.Features.Workshops.IdeaService>();
        services.AddScoped<Workspace.Web.Features.Workshops.VotingService>();
        services.AddScoped<Workspace.Web.Features.Workshops.WorkshopOutputService>();
        return services;
    }

    public static IServiceCollection AddWorkspaceUi(this IServiceCollection services)
    {
        // A long description typed with non-Latin characters exceeds SignalR's default 32 KB message; its 20,000-character limit fits in 128 KB.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 128 * 1024);
        services.AddWorkspaceComponents();
        services.AddDatabaseDeveloperPageExceptionFilter();
        return services;
    }

    /// <summary>What the app's components need besides the feature services: MudBlazor and the viewer's time zone.</summary>
    public static IServiceCollection AddWorkspaceComponents(this IServiceCollection services)
    {
        services.AddMudServices(mud =>
        {
            mud.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft;

            // The layout holds the one popover provider. The duplicate check would be a JS call on every
            // circuit's first render, and a result type its serializer builds metadata for, per circuit.
            mud.PopoverOptions.ThrowOnDuplicateProvider = false;
        });
        services.AddScoped<Workspace.Web.Components.Common.ViewerTimeZone>();
        return services;
    }

    public static WebApplication UseWorkspacePipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (app.Environment.IsDevelopment())
        {
            app.UseMigrationsEndPoint();
        }
        else
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();

            // Only with a known HTTPS port: behind a proxy that ends TLS, X-Forwarded-Proto from a trusted
            // proxy already marks requests as HTTPS, and a redirect without a port would have nowhere to go.
            if (HttpsPortIsKnown(app.Configuration))
            {
                app.UseHttpsRedirection();
            }
            else if (!TrustedProxies.FromConfiguration(app.Configuration).AreConfigured)
            {
                app.Logger.LogWarning(
                    "No HTTPS port and no trusted proxy (ForwardedHeaders:KnownProxies or KnownNetworks) are configured. Unless a proxy " +
                    "on this machine ends TLS, requests arrive as plain HTTP and forms fail, because outside Development cookies are sent only over HTTPS.");
            }
        }

        // A sign-in form posts to the app, which redirects to the chosen provider: the browser checks that redirect against form-action.
        var formAction = string.Join(' ', app.Services.GetRequiredService<ExternalProviders>().Origins.Prepend("'self'"));
        var contentSecurityPolicy =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + $"font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action {formAction}; object-src 'none'";
        // Not async: an awaiting middleware stays in memory for as long as its request, and a watcher's socket is one.
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers.ContentSecurityPolicy = contentSecurityPolicy;
            return next(context);
        });

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRateLimiter();
        // After the rate limiter, so a cached public page counts against the client's limit too.
        app.UseOutputCache();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>An HTTPS port set for redirects (<c>https_port</c>), or HTTPS among the addresses Kestrel is told to listen on.</summary>
    internal static bool HttpsPortIsKnown(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["https_port"])
        || !string.IsNullOrWhiteSpace(configuration["https_ports"])
        || (configuration["urls"] ?? "").Contains("https://", StringComparison.OrdinalIgnoreCase)
        || configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Any(endpoint => (endpoint["Url"] ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase));
}
