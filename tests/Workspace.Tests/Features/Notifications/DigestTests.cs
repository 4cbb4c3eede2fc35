using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Notifications;

namespace Workspace.Tests.Features.Notifications;

/// <summary>The email digest: what it carries, once per period on any number of nodes, and its unsubscribe link.</summary>
public sealed class DigestTests() : NotificationTestBase(TestDatabase.OnFile())
{
    private async Task MentionPriyaAndChangeSomethingAsync()
    {
        await NewLogService().PostAsync(Fran, Partnership, new EntryInput { Kind = EntryKind.Note, Title = "Street lighting survey", Mentions = [Priya] }, Ct);
        await NewLogService().PostAsync(Olu, Elsewhere, new EntryInput { Kind = EntryKind.Note, Title = "River survey" }, Ct);
    }

    [Fact]
    public async Task TheDigest_CarriesUnreadNotificationsAndChanges_GroupedByPartnership_WithPublicLinks()
    {
        await SetSettingsAsync(Priya, s => s with { Digest = DigestFrequency.Daily });
        await MentionPriyaAndChangeSomethingAsync();

        var sent = await NewDigestService().RunOnceAsync(Ct);

        Assert.Equal(1, sent);
        var email = Assert.Single(Email.Sent);
        Assert.Equal("priya@example.org", email.To);
        Assert.Contains("<h2>Safer Streets</h2>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Fran Facilitator mentioned you in “Street lighting survey”", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{AppBaseUri}p/{Partnership}/log/", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"{AppBaseUri}digest/unsubscribe?token=", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("River survey", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Clean Rivers", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDigestIsOffByDefault()
    {
        await MentionPriyaAndChangeSomethingAsync();

        Assert.Equal(0, await NewDigestService().RunOnceAsync(Ct));
        Assert.Empty(Email.Sent);
        Assert.NotNull(await NewDigestService().ComposeAsync(Priya, DigestFrequency.Daily, Ct));
    }

    [Fact]
    public async Task OncePerPeriod_EvenWithTwoNodesAtOnce_ThenAgainTheNextDay()
    {
        await SetSettingsAsync(Priya, s => s with { Digest = DigestFrequency.Daily });
        await MentionPriyaAndChangeSomethingAsync();

        var nodes = await Task.WhenAll(
            Task.Run(() => NewDigestService().RunOnceAsync(Ct), Ct),
            Task.Run(() => NewDigestService().RunOnceAsync(Ct), Ct));
        var later = await NewDigestService().RunOnceAsync(Ct);

        Assert.Equal(1, nodes.Sum() + later);
        Assert.Single(Email.Sent);

        Clock.Advance(TimeSpan.FromDays(1));
        await NewLogService().PostAsync(Fran, Partnership, new EntryInput { Kind = EntryKind.Note, Title = "Next day", Mentions = [Priya] }, Ct);
        Assert.Equal(1, await NewDigestService().RunOnceAsync(Ct));
        Assert.Equal(2, Email.Sent.Count);
    }

    [Fact]
    public async Task AKindLeftOutOfTheDigest_IsNotInIt()
    {
        await SetSettingsAsync(Priya, s => s with { Digest = DigestFrequency.Weekly, InDigest = AllBut(NotificationKind.Mention) });
        await MentionPriyaAndChangeSomethingAsync();

        var digest = await NewDigestService().ComposeAsync(Priya, DigestFrequency.Weekly, Ct);

        Assert.NotNull(digest);
        Assert.Equal(0, digest.Notifications);
        Assert.DoesNotContain("mentioned you", digest.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Street lighting survey", digest.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingToTell_SendsNothing()
    {
        await SetSettingsAsync(Priya, s => s with { Digest = DigestFrequency.Daily });

        Assert.Equal(0, await NewDigestService().RunOnceAsync(Ct));
        Assert.Empty(Email.Sent);
    }

    [Fact]
    public async Task TheUnsubscribeToken_TurnsTheDigestOff_ForItsPersonOnly()
    {
        await SetSettingsAsync(Priya, s => s with { Digest = DigestFrequency.Daily });
        await SetSettingsAsync(Omar, s => s with { Digest = DigestFrequency.Weekly });
        var token = NewTokens().Create(Priya);

        Assert.Equal("Priya Partner", (await NewDigestService().SubscriberAsync(token, Ct))?.DisplayName);
        Assert.True((await NewDigestService().UnsubscribeAsync(token, Ct)).Succeeded);

        Assert.Equal(DigestFrequency.Off, (await NewNotificationService().GetSettingsAsync(Priya, Ct)).Digest);
        Assert.Equal(DigestFrequency.Weekly, (await NewNotificationService().GetSettingsAsync(Omar, Ct)).Digest);
    }

    [Fact]
    public async Task ATamperedToken_IsRefused()
    {
        await SetSettingsAsync(Priya, s => s with { Digest = DigestFrequency.Daily });
        var token = NewTokens().Create(Priya);
        var tampered = token[..^4] + (token[^4] == 'A' ? "B" : "A") + token[^3..];

        var result = await NewDigestService().UnsubscribeAsync(tampered, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Contains("not valid or has expired", result.Error!.Message, StringComparison.Ordinal);
        Assert.Null(await NewDigestService().SubscriberAsync("garbage", Ct));
        Assert.Null(await NewDigestService().SubscriberAsync(new string('x', 5_000), Ct));
        Assert.Equal(DigestFrequency.Daily, (await NewNotificationService().GetSettingsAsync(Priya, Ct)).Digest);
    }

    [Fact]
    public async Task AnExpiredToken_IsRefused()
    {
        await SetSettingsAsync(Priya, s => s with { Digest = DigestFrequency.Daily });
        var token = NewTokens().Create(Priya);

        Clock.Advance(DigestTokens.Lifetime + TimeSpan.FromMinutes(1));

        Assert.False((await NewDigestService().UnsubscribeAsync(token, Ct)).Succeeded);
        Assert.Equal(DigestFrequency.Daily, (await NewNotificationService().GetSettingsAsync(Priya, Ct)).Digest);
    }

    [Fact]
    public async Task ATokenForAnotherPurpose_CannotBeReplayedAsAnUnsubscribe()
    {
        await SetSettingsAsync(Omar, s => s with { Digest = DigestFrequency.Daily });
        // A value protected for another purpose with the same keys (as another feature's token would be).
        var foreign = Protection.CreateProtector("another-purpose").Protect($"{DateTimeOffset.MaxValue.UtcTicks}|{Omar}");

        Assert.False((await NewDigestService().UnsubscribeAsync(foreign, Ct)).Succeeded);
        Assert.Equal(DigestFrequency.Daily, (await NewNotificationService().GetSettingsAsync(Omar, Ct)).Digest);
    }

    [Fact]
    public async Task ADigestClaimed_IsRecordedWithItsPeriod()
    {
        await SetSettingsAsync(Priya, s => s with { Digest = DigestFrequency.Weekly });
        await MentionPriyaAndChangeSomethingAsync();

        await NewDigestService().RunOnceAsync(Ct);

        var dispatch = Db.Read(db => db.DigestDispatches.AsNoTracking().Single());
        Assert.Equal(DigestService.PeriodOf(DigestFrequency.Weekly, UtcNow), dispatch.Period);
        Assert.NotNull(dispatch.SentUtc);
    }
}
