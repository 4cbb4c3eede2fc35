using Workspace.Web.Features.Agreement;

namespace Workspace.Web.Features.CoTyping;

/// <summary>
/// A long text several people type into at once (a goal's description, a section of the agreement, a workshop's
/// shared notes): its current text and the revision
/// it is at, moved on by one per applied operation. While it exists it is the text's source of truth; the
/// owner's column is kept in step in the same transaction.
/// </summary>
public class CoText
{
    public const string GoalDescription = "GoalDescription";

    /// <summary>The shared notes of the workshop <see cref="OwnerId"/>.</summary>
    public const string WorkshopNotes = "WorkshopNotes";

    /// <summary>How the kind of an agreement section's text starts; <see cref="OwnerId"/> is then the partnership.</summary>
    public const string AgreementSectionPrefix = "AgreementSection:";

    /// <summary>The owner kind of an agreement section's text, e.g. <c>AgreementSection:Vision</c>.</summary>
    public static string AgreementSection(AgreementSectionKind kind) => AgreementSectionPrefix + kind;

    /// <summary>The section an owner kind names, or null when it names no agreement section.</summary>
    public static AgreementSectionKind? AgreementSectionKindOf(string? ownerKind) =>
        ownerKind is not null && ownerKind.StartsWith(AgreementSectionPrefix, StringComparison.Ordinal)
            && Enum.TryParse<AgreementSectionKind>(ownerKind[AgreementSectionPrefix.Length..], ignoreCase: false, out var kind)
            && Enum.IsDefined(kind) && ownerKind == AgreementSection(kind)
            ? kind
            : null;

    public Guid Id { get; set; }

    public Guid PartnershipId { get; set; }

    /// <summary>What the text belongs to: <see cref="GoalDescription"/>, <see cref="WorkshopNotes"/> or an <see cref="AgreementSection(AgreementSectionKind)"/>.</summary>
    public string OwnerKind { get; set; } = "";

    public Guid OwnerId { get; set; }

    public string Text { get; set; } = "";

    public long Revision { get; set; }

    /// <summary>Who started the run not yet written to the history (others may type in it too); null when every run is written.</summary>
    public string? RunUserId { get; set; }

    /// <summary>The revision the open run started from: its operations, and so its authors, are the ones after it.</summary>
    public long? RunStartRevision { get; set; }

    /// <summary>The text as the open run found it, the history record's old value.</summary>
    public string? RunStartText { get; set; }

    /// <summary>When the open run's last operation arrived, whoever sent it; a pause longer than <see cref="CoTypingService.Pause"/> ends it.</summary>
    public DateTime? RunLastUtc { get; set; }
}

/// <summary>One applied operation, as transformed by the server, in the text's order.</summary>
public class CoTextOperation
{
    public long Id { get; set; }

    public Guid CoTextId { get; set; }

    /// <summary>The text's revision after this operation; unique per text, so two nodes cannot both apply revision n.</summary>
    public long Revision { get; set; }

    public string AuthorUserId { get; set; } = "";

    /// <summary>The editor instance that sent it; with <see cref="ClientSeq"/> unique per text, so a resend is recognised.</summary>
    public string ClientId { get; set; } = "";

    public long ClientSeq { get; set; }

    /// <summary>The operation in the compact form (<see cref="TextOperation.ToJson"/>).</summary>
    public string Operation { get; set; } = "";

    public DateTime AtUtc { get; set; }
}
