using Microsoft.AspNetCore.Identity;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Organisations;

namespace Workspace.Web.Features.Account;

/// <summary>How an external identity was mapped onto a person, or why it was refused.</summary>
public enum ExternalSignInOutcome
{
    /// <summary>The provider's login was already linked to the account.</summary>
    Existing,

    /// <summary>The provider verified the address of an account with that confirmed address: the login was linked to it.</summary>
    Linked,

    /// <summary>No account had the address: one was created and the login linked to it.</summary>
    Created,

    Refused,
}

public sealed record ExternalSignInResult(ExternalSignInOutcome Outcome, ApplicationUser? User, string? Message)
{
    public bool Succeeded => User is not null;

    public static ExternalSignInResult Refuse(string message) => new(ExternalSignInOutcome.Refused, null, message);
}

/// <summary>
/// Maps a person signed in at an OpenID Connect provider onto the same people as local accounts
/// (decision 013): a login already linked signs in; an address the provider verified links to the
/// account that confirmed it; otherwise a new account is created. An address the provider did not
/// verify never reaches an existing account, so nobody takes over an account by registering its address
/// at a provider that does not check addresses.
/// </summary>
public sealed class ExternalSignIn(UserManager<ApplicationUser> users, OrganisationMembershipService membership, TimeProvider clock, ILogger<ExternalSignIn> logger)
{
    public static string NoEmailMessage(string provider) =>
        $"Error: {provider} did not share your email address, so we cannot tell which account is yours. Ask your administrator to release the email claim, or sign in with your email address and password.";

    public static string UnverifiedEmailMessage(string provider) =>
        $"Error: An account already uses this email address, but {provider} has not verified that the address is yours. Sign in with your email address and password instead.";

    public static string UnconfirmedAccountMessage(string provider) =>
        $"Error: An account with this email address is waiting for its address to be confirmed. Confirm it with the link we sent, or reset the password, then sign in with {provider} again.";

    public const string CouldNotCreateMessage = "Error: We could not create your account. Try again, or create an account with your email address and a password.";

    public async Task<ExternalSignInResult> MapAsync(ExternalIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var provider = identity.ProviderDisplayName;
        var scheme = identity.Provider;

        var linked = await users.FindByLoginAsync(identity.Provider, identity.ProviderKey);
        if (linked is not null)
        {
            await membership.JoinByVerifiedDomainAsync(linked.Id, cancellationToken);
            return new ExternalSignInResult(ExternalSignInOutcome.Existing, linked, null);
        }

        if (identity.Email is null || !identity.Email.Contains('@', StringComparison.Ordinal))
        {
            logger.LogWarning("Sign-in with {Provider} refused: it sent no email address.", scheme);
            return ExternalSignInResult.Refuse(NoEmailMessage(provider));
        }

        var existing = await users.FindByEmailAsync(identity.Email);
        if (existing is not null)
        {
            if (!identity.EmailVerified)
            {
                // Account-takeover guard: an address the provider did not verify proves nothing about who owns the account.
                logger.LogWarning("Sign-in with {Provider} refused: its unverified address belongs to an existing account.", scheme);
                return ExternalSignInResult.Refuse(UnverifiedEmailMessage(provider));
            }

            if (!existing.EmailConfirmed)
            {
                // Whoever registered the address locally has not proved it either; linking would hand them this person's sign-in.
                return ExternalSignInResult.Refuse(UnconfirmedAccountMessage(provider));
            }

            var added = await users.AddLoginAsync(existing, new UserLoginInfo(identity.Provider, identity.ProviderKey, provider));
            if (!added.Succeeded)
            {
                return ExternalSignInResult.Refuse(CouldNotCreateMessage);
            }

            logger.LogInformation("A person linked a sign-in with a provider to their account.");
            await membership.JoinByVerifiedDomainAsync(existing.Id, cancellationToken);
            return new ExternalSignInResult(ExternalSignInOutcome.Linked, existing, null);
        }

        var user = new ApplicationUser
        {
            UserName = identity.Email,
            Email = identity.Email,
            EmailConfirmed = identity.EmailVerified,
            DisplayName = DisplayNameFor(identity),
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            logger.LogWarning("Sign-in with {Provider}: the account could not be created: {Errors}", scheme, string.Join(" ", created.Errors.Select(e => e.Code)));
            return ExternalSignInResult.Refuse(CouldNotCreateMessage);
        }

        var login = await users.AddLoginAsync(user, new UserLoginInfo(identity.Provider, identity.ProviderKey, provider));
        if (!login.Succeeded)
        {
            await users.DeleteAsync(user);
            return ExternalSignInResult.Refuse(CouldNotCreateMessage);
        }

        logger.LogInformation("A person created an account by signing in with a provider.");
        await membership.JoinByVerifiedDomainAsync(user.Id, cancellationToken);
        return new ExternalSignInResult(ExternalSignInOutcome.Created, user, null);
    }

    private static string DisplayNameFor(ExternalIdentity identity)
    {
        var name = string.IsNullOrWhiteSpace(identity.Name) ? identity.Email![..identity.Email!.IndexOf('@', StringComparison.Ordinal)] : InputRules.Stored(identity.Name);
        return name.Length <= ApplicationUser.DisplayNameMaxLength ? name : name[..ApplicationUser.DisplayNameMaxLength];
    }
}
