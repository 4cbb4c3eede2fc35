using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workspace.Tests.Data;
using Workspace.Web;
using Workspace.Web.Components.Account;

namespace Workspace.Tests.Components.Account;

/// <summary>
/// The sign-in cookie checks the security stamp only when Identity's interval has passed, so a request
/// with a young cookie (such as the one that opens a live connection) builds no validator and holds no
/// database context.
/// </summary>
public sealed class SecurityStampCheckTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"workspace-stamp-{Guid.NewGuid():N}");

    public SecurityStampCheckTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void IsDue_FollowsIdentitysInterval()
    {
        var options = new SecurityStampValidatorOptions { ValidationInterval = TimeSpan.FromMinutes(1) };
        var now = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

        Assert.True(SecurityStampCheck.IsDue(null, options, now));
        Assert.False(SecurityStampCheck.IsDue(now, options, now));
        Assert.False(SecurityStampCheck.IsDue(now.AddMinutes(-1), options, now));
        Assert.True(SecurityStampCheck.IsDue(now.AddSeconds(-61), options, now));
    }

    [Fact]
    public void TheApp_ChecksTheStampEveryMinute_SoAPasswordChangeEndsOtherSessionsWithinOne()
    {
        using var provider = AppIdentityServices(new RecordingValidator());

        Assert.Equal(TimeSpan.FromMinutes(1), provider.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(50, false)]
    [InlineData(70, true)]
    [InlineData(null, true)]
    public async Task TheAppsCookie_RunsIdentitysValidator_OnlyWhenDue(int? secondsOld, bool expectValidated)
    {
        var validator = new RecordingValidator();
        await using var provider = AppIdentityServices(validator);

        var cookieOptions = provider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var properties = new AuthenticationProperties
        {
            IssuedUtc = secondsOld is { } seconds ? DateTimeOffset.UtcNow.AddSeconds(-seconds) : null,
        };
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "u1")], "test")), properties, IdentityConstants.ApplicationScheme);
        await using var scope = provider.CreateAsyncScope();
        var context = new CookieValidatePrincipalContext(
            new DefaultHttpContext { RequestServices = scope.ServiceProvider },
            new AuthenticationScheme(IdentityConstants.ApplicationScheme, null, typeof(CookieAuthenticationHandler)),
            cookieOptions,
            ticket);

        await cookieOptions.Events.OnValidatePrincipal(context);

        Assert.Equal(expectValidated ? 1 : 0, validator.Calls);
    }

    private ServiceProvider AppIdentityServices(RecordingValidator validator)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWorkspaceIdentity(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataProtection:KeysPath"] = Path.Combine(_folder, "keys") }).Build(),
            new TestHostEnvironment(_folder));
        services.AddSingleton<ISecurityStampValidator>(validator);
        return services.BuildServiceProvider();
    }

    private sealed class RecordingValidator : ISecurityStampValidator
    {
        public int Calls { get; private set; }

        public Task ValidateAsync(CookieValidatePrincipalContext context)
        {
            Calls++;
            return Task.CompletedTask;
        }
    }
}
