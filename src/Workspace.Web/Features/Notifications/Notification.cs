using System.ComponentModel.DataAnnotations;

namespace Workspace.Web.Features.Notifications;

/// <summary>What a notification is about; each kind can be turned off in the app and in the digest.</summary>
public enum NotificationKind
{
    [Display(Name = "Mentions of you")]
    Mention,
    [Display(Name = "Actions assigned to you")]
    Assignment,
    [Display(Name = "Decisions awaiting your position")]
    DecisionAwaiting,
    [Display(Name = "Your actions due soon")]
    ActionDueSoon,
    [Display(Name = "Your overdue actions")]
    ActionOverdue,
    [Display(Name = "Indicator check-ins due")]
    CheckInDue,
    [Display(Name = "Agreements to sign")]
    AgreementSignOff,
    [Display(Name = "Health checks to answer")]
    HealthRound,
    [Display(Name = "Webhooks turned off after failures")]
    WebhookDisabled,
}

public enum DigestFrequency
{
    Off,
    Daily,
    Weekly,
}

/// <summary>
/// One thing one person should look at, in one partnership. <see cref="Key"/> is unique: the same
/// thing for the same person (and, for time-based kinds, the same due date) is one row, however many
/// nodes try to write it.
/// </summary>
public class Notification
{
    public const int TitleMaxLength = 300;
    public const int KeyMaxLength = 200;

    public Guid Id { get; set; }

    public string RecipientUserId { get; set; } = "";

    public Guid PartnershipId { get; set; }

    public NotificationKind Kind { get; set; }

    /// <summary>Kind, item, recipient and (for time-based kinds) the date it is about.</summary>
    public string Key { get; set; } = "";

    public string? ActorUserId { get; set; }

    public string Title { get; set; } = "";

    /// <summary>The app-relative address of its place, e.g. <c>p/{id}/log/{entry}</c>.</summary>
    public string Link { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public DateTime? ReadUtc { get; set; }
}

/// <summary>A person's choices: which kinds reach them in the app and in the email digest, and how often the digest comes.</summary>
public class NotificationPreferences : Workspace.Web.Data.IVersioned
{
    public string UserId { get; set; } = "";

    /// <summary>Kinds turned off in the app, as flags of <see cref="NotificationKind"/> (everything is on by default).</summary>
    public int MutedInApp { get; set; }

    /// <summary>Kinds left out of the digest.</summary>
    public int MutedInDigest { get; set; }

    public DigestFrequency Digest { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public long Version { get; set; }

    public static int Flag(NotificationKind kind) => 1 << (int)kind;
}

/// <summary>A digest claimed for one person and one period before it is sent: the unique key makes it once per period across nodes.</summary>
public class DigestDispatch
{
    public long Id { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>E.g. <c>daily:2026-12-06</c> or <c>weekly:2026-W49</c>.</summary>
    public string Period { get; set; } = "";

    public DateTime ClaimedUtc { get; set; }

    public DateTime? SentUtc { get; set; }
}

/// <summary>When a person last looked at what changed in a partnership (the feed starts after it).</summary>
public class ChangesSeen
{
    public Guid PartnershipId { get; set; }

    public string UserId { get; set; } = "";

    public DateTime LastSeenUtc { get; set; }
}
