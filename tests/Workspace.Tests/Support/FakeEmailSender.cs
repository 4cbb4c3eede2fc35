using Workspace.Web.Features.Email;

namespace Workspace.Tests.Support;

public sealed record SentEmail(string To, string Subject, string HtmlBody);

/// <summary>Keeps sent mail in a list instead of sending it.</summary>
public sealed class FakeEmailSender : IAppEmailSender
{
    private readonly List<SentEmail> _sent = [];

    public bool SendsMail => true;

    public IReadOnlyList<SentEmail> Sent => _sent;

    public Task SendAsync(string toAddress, string subject, string htmlBody, CancellationToken cancellationToken = default)
    {
        _sent.Add(new SentEmail(toAddress, subject, htmlBody));
        return Task.CompletedTask;
    }
}
