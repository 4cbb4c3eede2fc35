using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Workspace.Web.Data;

namespace Workspace.Web.Components.Account;

/// <summary>Builds and sends the links of the account emails (confirmation, email change).</summary>
internal sealed class AccountLinks(UserManager<ApplicationUser> userManager, NavigationManager navigation, IEmailSender<ApplicationUser> emailSender)
{
    public async Task<string> SendEmailConfirmationAsync(ApplicationUser user, string? returnUrl = null)
    {
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await userManager.GenerateEmailConfirmationTokenAsync(user)));
        var link = navigation.GetUriWithQueryParameters(
            navigation.ToAbsoluteUri("Account/ConfirmEmail").AbsoluteUri,
            new Dictionary<string, object?> { ["userId"] = user.Id, ["code"] = code, ["returnUrl"] = returnUrl });
        await emailSender.SendConfirmationLinkAsync(user, user.Email!, HtmlEncoder.Default.Encode(link));
        return link;
    }

    public async Task<string> SendEmailChangeAsync(ApplicationUser user, string newEmail)
    {
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await userManager.GenerateChangeEmailTokenAsync(user, newEmail)));
        var link = navigation.GetUriWithQueryParameters(
            navigation.ToAbsoluteUri("Account/ConfirmEmailChange").AbsoluteUri,
            new Dictionary<string, object?> { ["userId"] = user.Id, ["email"] = newEmail, ["code"] = code });
        await emailSender.SendConfirmationLinkAsync(user, newEmail, HtmlEncoder.Default.Encode(link));
        return link;
    }
}
