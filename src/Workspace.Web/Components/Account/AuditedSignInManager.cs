using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Workspace.Web.Data;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Profile;

namespace Workspace.Web.Components.Account;

/// <summary>
/// Records sign-ins and failed sign-ins on the directory chain, whichever page or endpoint signs a
/// person in. A failure is recorded only against an account that exists; neither the typed password
/// nor an unknown address is ever written.
/// </summary>
public sealed class AuditedSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    IDbContextFactory<WorkspaceDbContext> dbFactory,
    TimeProvider clock)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public const string SignedIn = "SignedIn";

    public const string SignInFailed = "SignInFailed";

    // A refreshed cookie (after a profile or password change) is the same session, not a new sign-in.
    private bool _refreshing;

    public override async Task RefreshSignInAsync(ApplicationUser user)
    {
        _refreshing = true;
        try
        {
            await base.RefreshSignInAsync(user);
        }
        finally
        {
            _refreshing = false;
        }
    }

    public override async Task SignInWithClaimsAsync(ApplicationUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
        if (!_refreshing)
        {
            await RecordAsync(user, SignedIn, "Succeeded");
        }
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(ApplicationUser user, string password, bool lockoutOnFailure)
    {
        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        if (!result.Succeeded && !result.RequiresTwoFactor)
        {
            await RecordAsync(user, SignInFailed, result.IsLockedOut ? "LockedOut" : result.IsNotAllowed ? "NotAllowed" : "WrongPassword");
        }

        return result;
    }

    private async Task RecordAsync(ApplicationUser user, string field, string outcome)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        db.Record(OrganisationAudit.DirectoryChain, user.Id, clock.GetUtcNow().UtcDateTime, ProfileService.AccountEntity, user.Id, field, null, outcome);
        await db.SaveChangesAsync();
    }
}
