using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Profile;

namespace Workspace.Web.Features.Account;

/// <summary>Where a person stands with two-step sign-in, as the settings page shows it.</summary>
public sealed record TwoFactorStatus(bool HasPassword, bool Enabled, int RecoveryCodesLeft)
{
    public bool FewRecoveryCodesLeft => Enabled && RecoveryCodesLeft <= TwoStepCodes.FewRecoveryCodes;
}

/// <summary>What the set-up page shows: the key in blocks of four and its QR code.</summary>
public sealed record AuthenticatorSetup(string FormattedKey, string Uri, string QrCodeSvg);

/// <summary>
/// Two-step sign-in for local accounts with an authenticator app and recovery codes, on Identity's own
/// token providers. Each change is recorded on the directory chain, as sign-ins are; keys and codes never are.
/// Identity changes the security stamp when the key or the setting changes, which ends the person's other
/// sessions and remembered devices; the session making the change is refreshed here.
/// </summary>
public sealed class TwoFactorService(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    IDbContextFactory<WorkspaceDbContext> dbFactory,
    TimeProvider clock)
{
    public const string TwoStepSignIn = "TwoStepSignIn";

    public const string AuthenticatorReset = "AuthenticatorReset";

    public const string RecoveryCodesRenewed = "RecoveryCodesRenewed";

    internal const string WrongCodeMessage = "That code is not right. Enter the code your authenticator app shows for Partnership Workspace now.";

    internal const string CodeFormatMessage = "Enter the 6 digits your authenticator app shows, like 123 456.";

    public async Task<TwoFactorStatus> StatusAsync(ApplicationUser user) =>
        new(await users.HasPasswordAsync(user), await users.GetTwoFactorEnabledAsync(user), await users.CountRecoveryCodesAsync(user));

    /// <summary>The key to set up an app with, created the first time it is asked for.</summary>
    public async Task<AuthenticatorSetup> SetupAsync(ApplicationUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await signIn.RefreshSignInAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("Identity stored no authenticator key.");
        }

        var uri = TwoStepCodes.AuthenticatorUri(user.Email ?? user.UserName ?? user.Id, key);
        return new AuthenticatorSetup(TwoStepCodes.FormatKey(key), uri, TwoStepCodes.QrCodeSvg(uri));
    }

    /// <summary>Turns two-step sign-in on once the app's code proves it holds the key; returns the first recovery codes.</summary>
    public async Task<Result<IReadOnlyList<string>>> EnableAsync(ApplicationUser user, string? typedCode)
    {
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return ServiceError.Conflict("Two-step sign-in is already on.");
        }

        // An account without a password signs in through its organisation, which owns the second step.
        if (!await users.HasPasswordAsync(user))
        {
            return ServiceError.Conflict("You sign in with your organisation's account, so your organisation looks after the second step.");
        }

        var code = TwoStepCodes.ReadAuthenticatorCode(typedCode);
        if (code is null)
        {
            return ServiceError.Invalid("Code", CodeFormatMessage);
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            return ServiceError.Invalid("Code", WrongCodeMessage);
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = await NewCodesAsync(user);
        await signIn.RefreshSignInAsync(user);
        await RecordAsync(user, TwoStepSignIn, "Off", "On");
        return Result<IReadOnlyList<string>>.Ok(codes);
    }

    /// <summary>Replaces every recovery code with a new set; the old ones stop working.</summary>
    public async Task<Result<IReadOnlyList<string>>> RenewRecoveryCodesAsync(ApplicationUser user, string? password, string? typedCode)
    {
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return ServiceError.Conflict("Turn on two-step sign-in first; recovery codes come with it.");
        }

        if (await ConfirmAsync(user, password, typedCode) is { } refused)
        {
            return refused;
        }

        var codes = await NewCodesAsync(user);
        await RecordAsync(user, RecoveryCodesRenewed, null, codes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Result<IReadOnlyList<string>>.Ok(codes);
    }

    /// <summary>A new key for a new app: the old app's codes stop working, and two-step sign-in is off until the new app is set up.</summary>
    public async Task<Result> ResetAuthenticatorAsync(ApplicationUser user, string? password, string? typedCode)
    {
        if (await ConfirmAsync(user, password, typedCode) is { } refused)
        {
            return refused;
        }

        var wasOn = await users.GetTwoFactorEnabledAsync(user);
        await TurnOffAsync(user);
        await RecordAsync(user, AuthenticatorReset, null, "Reset");
        if (wasOn)
        {
            await RecordAsync(user, TwoStepSignIn, "On", "Off");
        }

        return Result.Ok();
    }

    /// <summary>Turns two-step sign-in off; the key and the recovery codes are discarded with it.</summary>
    public async Task<Result> DisableAsync(ApplicationUser user, string? password, string? typedCode)
    {
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            return ServiceError.Conflict("Two-step sign-in is already off.");
        }

        if (await ConfirmAsync(user, password, typedCode) is { } refused)
        {
            return refused;
        }

        await TurnOffAsync(user);
        await RecordAsync(user, TwoStepSignIn, "On", "Off");
        return Result.Ok();
    }

    private async Task TurnOffAsync(ApplicationUser user)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await signIn.ForgetTwoFactorClientAsync();
        await signIn.RefreshSignInAsync(user);
    }

    /// <summary>
    /// Someone at an unattended, signed-in browser must not weaken the account: the password, or a current code
    /// from the app, confirms it is the person. Null when confirmed.
    /// </summary>
    private async Task<ServiceError?> ConfirmAsync(ApplicationUser user, string? password, string? typedCode)
    {
        if (!string.IsNullOrEmpty(password))
        {
            return await users.CheckPasswordAsync(user, password)
                ? null
                : ServiceError.Invalid("Password", "That password is not right. Nothing was changed.");
        }

        if (!string.IsNullOrWhiteSpace(typedCode))
        {
            var code = TwoStepCodes.ReadAuthenticatorCode(typedCode);
            if (code is null)
            {
                return ServiceError.Invalid("Code", CodeFormatMessage);
            }

            return await users.GetTwoFactorEnabledAsync(user)
                && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code)
                ? null
                : ServiceError.Invalid("Code", WrongCodeMessage + " Nothing was changed.");
        }

        return ServiceError.Invalid("Password", "Enter your password, or a code from your authenticator app, to confirm it is you.");
    }

    private async Task<IReadOnlyList<string>> NewCodesAsync(ApplicationUser user) =>
        [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, TwoStepCodes.RecoveryCodeCount) ?? []];

    private async Task RecordAsync(ApplicationUser user, string field, string? oldValue, string newValue)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        db.Record(OrganisationAudit.DirectoryChain, user.Id, clock.GetUtcNow().UtcDateTime, ProfileService.AccountEntity, user.Id, field, oldValue, newValue);
        await db.SaveChangesAsync();
    }
}
