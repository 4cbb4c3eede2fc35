using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MimeKit;
using Workspace.Web.Data;

namespace Workspace.Web.Features.Email;

/// <summary>SMTP settings (section <c>Email</c>). Without a host no mail is sent.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    public bool UseStartTls { get; set; } = true;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string FromAddress { get; set; } = "no-reply@partnership.local";

    public string FromName { get; set; } = "Partnership Workspace";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SmtpHost);
}

public interface IAppEmailSender
{
    /// <summary>True when mail really leaves the app (SMTP is configured).</summary>
    bool SendsMail { get; }

    Task SendAsync(string toAddress, string subject, string htmlBody, CancellationToken cancellationToken = default);
}

/// <summary>
/// Tells pages whether to show account links (confirmation, password reset) on screen: only in
/// Development and only when no mail server is configured.
/// </summary>
public sealed class EmailDisplayPolicy(IAppEmailSender sender, IHostEnvironment environment)
{
    public bool ShowLinksOnScreen => !sender.SendsMail && environment.IsDevelopment();
}

public sealed partial class SmtpEmailSender(IOptions<EmailOptions> options, ILogger<SmtpEmailSender> logger) : IAppEmailSender
{
    public bool SendsMail => true;

    public async Task SendAsync(string toAddress, string subject, string htmlBody, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        using var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        message.To.Add(MailboxAddress.Parse(toAddress));
        message.Subject = subject;
        message.Body = new TextPart("html") { Text = htmlBody };

        using var client = new SmtpClient();
        await client.ConnectAsync(settings.SmtpHost!, settings.SmtpPort,
            settings.UseStartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, cancellationToken);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        LogSent(logger, subject);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent email '{Subject}'.")]
    private static partial void LogSent(ILogger logger, string subject);
}

/// <summary>Used when no SMTP host is configured: nothing is sent, and the log says so.</summary>
public sealed partial class UnsentEmailSender(ILogger<UnsentEmailSender> logger) : IAppEmailSender
{
    public bool SendsMail => false;

    public Task SendAsync(string toAddress, string subject, string htmlBody, CancellationToken cancellationToken = default)
    {
        LogNotSent(logger, subject);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No mail server is configured (Email:SmtpHost); email '{Subject}' was not sent.")]
    private static partial void LogNotSent(ILogger logger, string subject);
}

/// <summary>Identity's account emails, sent through the app's sender.</summary>
public sealed class IdentityEmailSender(IAppEmailSender sender) : IEmailSender<ApplicationUser>
{
    // Identity passes the links already HTML-encoded.
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        sender.SendAsync(email, "Confirm your Partnership Workspace account",
            $"<p>Hello {WebUtility.HtmlEncode(user.DisplayName)},</p><p><a href=\"{confirmationLink}\">Confirm your email address</a> to finish creating your account.</p>");

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        sender.SendAsync(email, "Reset your Partnership Workspace password",
            $"<p>Hello {WebUtility.HtmlEncode(user.DisplayName)},</p><p><a href=\"{resetLink}\">Choose a new password</a>. If you did not ask for this, ignore this email.</p>");

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        sender.SendAsync(email, "Reset your Partnership Workspace password",
            $"<p>Your password reset code is <strong>{WebUtility.HtmlEncode(resetCode)}</strong>.</p>");
}

public static class EmailServiceCollectionExtensions
{
    public static IServiceCollection AddWorkspaceEmail(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(EmailOptions.Section);
        services.Configure<EmailOptions>(section);
        if (section.Get<EmailOptions>()?.IsConfigured == true)
        {
            services.AddSingleton<IAppEmailSender, SmtpEmailSender>();
        }
        else
        {
            services.AddSingleton<IAppEmailSender, UnsentEmailSender>();
        }

        services.AddSingleton<EmailDisplayPolicy>();
        services.AddSingleton<IEmailSender<ApplicationUser>, IdentityEmailSender>();
        return services;
    }
}
