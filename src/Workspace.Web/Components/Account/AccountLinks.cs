using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Workspace.Web.Data;
using Workspace.Web.Hosting;

namespace Workspace.Web.Components.Account;

/// <summary>
/// Builds and sends the links of the account emails (confirmation, email change, password reset), always
/// under the app's public origin: a request's Host header must not choose where a reset link points.
/// </summary>
internal sealed class AccountLinks(UserManager<ApplicationUser> userManager, PublicOrigin origin, IEmailSender<ApplicationUser> emailSender)
{
    public async Task<string> SendEmailConfirmationAsync(ApplicationUser user, string? returnUrl = null)
    {
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await userManager.GenerateEmailConfirmationTokenAsync(user)));
        var link = Link("Account/ConfirmEmail", ("userId", user.Id), ("code", code), ("returnUrl", returnUrl));
        await emailSender.SendConfirmationLinkAsync(user, user.Email!, HtmlEncoder.Default.Encode(link));
        return link;
    }

    public async Task<string> SendEmailChangeAsync(ApplicationUser user, string newEmail)
    {
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await userManager.GenerateChangeEmailTokenAsync(user, newEmail)));
        var link = Link("Account/ConfirmEmailChange", ("userId", user.Id), ("email", newEmail), ("code", code));
        await emailSender.SendConfirmationLinkAsync(user, newEmail, HtmlEncoder.Default.Encode(link));
        return link;
    }

    public async Task<string> SendPasswordResetAsync(ApplicationUser user)
    {
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await userManager.GeneratePasswordResetTokenAsync(user)));
        var link = Link("Account/ResetPassword", ("code", code));
        await emailSender.SendPasswordResetLinkAsync(user, user.Email!, HtmlEncoder.Default.Encode(link));
        return link;
    }

    private string Link(string path, params (string Name, string? Value)[] query) =>
        QueryHelpers.AddQueryString(
            origin.Link(path).AbsoluteUri,
            query.Where(q => q.Value is not null).Select(q => new KeyValuePair<string, string?>(q.Name, q.Value)));
}
