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
/// nor an unknown address is ever written. A sign-in that needed a second step says which one (an
/// authenticator code or a recovery code), and a wrong code is a failed sign-in like a wrong password.
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

    public const string WithAuthenticatorCode = "AuthenticatorCode";

    public const string WithRecoveryCode = "RecoveryCode";

    private const string Succeeded = "Succeeded";

    // How the sign-in under way was completed, for its record.
    private string _method = Succeeded;

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
            await RecordAsync(user, SignedIn, _method);
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

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return SignInResult.Failed;
        }

        _method = WithAuthenticatorCode;
        try
        {
            var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
            return result.Succeeded ? result : await FailedSecondStepAsync(user, result, "WrongAuthenticatorCode");
        }
        finally
        {
            _method = Succeeded;
        }
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return SignInResult.Failed;
        }

        // Identity redeems a recovery code even for a locked-out account and does not count a wrong one
        // towards lockout; here both hold, as for authenticator codes.
        if (await PreSignInCheck(user) is { } refused)
        {
            return await FailedSecondStepAsync(user, refused, "WrongRecoveryCode");
        }

        var failuresBefore = await UserManager.GetAccessFailedCountAsync(user);
        _method = WithRecoveryCode;
        try
        {
            var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
            if (result.Succeeded)
            {
                return result;
            }

            if (await UserManager.GetAccessFailedCountAsync(user) == failuresBefore && !await UserManager.IsLockedOutAsync(user))
            {
                await UserManager.AccessFailedAsync(user);
            }

            return await FailedSecondStepAsync(user, result, "WrongRecoveryCode");
        }
        finally
        {
            _method = Succeeded;
        }
    }

    // A wrong code that used up the last attempt answers "locked out" at once, not on the next try.
    private async Task<SignInResult> FailedSecondStepAsync(ApplicationUser user, SignInResult result, string wrongCode)
    {
        var lockedOut = result.IsLockedOut || await UserManager.IsLockedOutAsync(user);
        await RecordAsync(user, SignInFailed, lockedOut ? "LockedOut" : result.IsNotAllowed ? "NotAllowed" : wrongCode);
        return lockedOut ? SignInResult.LockedOut : result;
    }

    private async Task RecordAsync(ApplicationUser user, string field, string outcome)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        db.Record(OrganisationAudit.DirectoryChain, user.Id, clock.GetUtcNow().UtcDateTime, ProfileService.AccountEntity, user.Id, field, null, outcome);
        await db.SaveChangesAsync();
    }
}
