using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Workspace.Tests.Support;
using Workspace.Web.Features.Notifications;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Hosting;

namespace Workspace.Tests.Features.Notifications;

/// <summary>A facilitator, a contributor, an observer in one partnership, and an outsider in another.</summary>
public abstract class NotificationTestBase : ServiceTestBase
{
    protected NotificationTestBase()
        : this(new TestDatabase())
    {
    }

    protected NotificationTestBase(TestDatabase database)
        : base(database)
    {
        Fran = Db.AddPerson("Fran Facilitator", "fran@example.org");
        Priya = Db.AddPerson("Priya Partner", "priya@example.org");
        Omar = Db.AddPerson("Omar Observer", "omar@example.org");
        Olu = Db.AddPerson("Olu Outsider", "olu@example.org");
        Partnership = Db.AddPartnership("Safer Streets", (Fran, PartnershipRole.Facilitator), (Priya, PartnershipRole.Contributor), (Omar, PartnershipRole.Observer));
        Elsewhere = Db.AddPartnership("Clean Rivers", (Olu, PartnershipRole.Facilitator));
    }

    protected string Fran { get; }

    protected string Priya { get; }

    protected string Omar { get; }

    protected string Olu { get; }

    protected Guid Partnership { get; }

    protected Guid Elsewhere { get; }

    protected IDataProtectionProvider Protection { get; } = new EphemeralDataProtectionProvider();

    protected NotificationService NewNotificationService() => new(Db, Clock);

    protected ChangesService NewChangesService() => new(Db, Clock);

    protected DueNotifier NewDueNotifier() => new(Db, Events, Clock, NullLogger<DueNotifier>.Instance);

    protected DigestTokens NewTokens() => new(Protection, Clock);

    protected DigestService NewDigestService() =>
        new(Db, NewChangesService(), Email, new PublicOrigin(AppBaseUri), NewTokens(), Clock, NullLogger<DigestService>.Instance);

    protected List<Notification> NotificationsOf(string userId) =>
        Db.Read(db => db.Notifications.AsNoTracking().Where(n => n.RecipientUserId == userId).ToList());

    protected async Task SetSettingsAsync(string userId, Func<NotificationSettings, NotificationSettings> change)
    {
        var service = NewNotificationService();
        var saved = await service.SaveSettingsAsync(userId, change(await service.GetSettingsAsync(userId, Ct)), Ct);
        Assert.True(saved.Succeeded, saved.Error?.Message);
    }

    protected static HashSet<NotificationKind> AllBut(params NotificationKind[] kinds) => [.. Enum.GetValues<NotificationKind>().Except(kinds)];
}
