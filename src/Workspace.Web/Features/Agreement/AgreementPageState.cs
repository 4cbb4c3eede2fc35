using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Agreement;

/// <summary>
/// The agreement page in memory, loaded by <see cref="AgreementService.GetAsync"/>, with the section the
/// viewer is editing. Agreement events carry no data (sign-offs and out-of-date reasons are worked out from
/// the whole agreement), so <see cref="Affects"/> tells when to read it again and <see cref="Resync"/> takes
/// it, noting when the section being edited was saved by someone else meanwhile.
/// </summary>
public sealed class AgreementPageState(Guid partnershipId, string userId, AgreementView view)
{
    public AgreementView View { get; private set; } = view;

    /// <summary>The section being edited, if any; its text stays in the page's box through every reload.</summary>
    public AgreementSectionKind? Editing { get; private set; }

    /// <summary>The version of the section the edit started from (or took over).</summary>
    public long EditVersion { get; private set; }

    /// <summary>Someone saved the section being edited after the edit started.</summary>
    public bool ChangedMeanwhile { get; private set; }

    /// <summary>
    /// True when the event changes what the page shows: the agreement itself (unless it is the viewer's own
    /// save, which reloads when it returns), the partners, the viewer's role, or — once a version is issued —
    /// a new goal or the way decisions count, which make that version out of date.
    /// </summary>
    public bool Affects(PartnershipEvent change, bool savingMine)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.PartnershipId == partnershipId && change switch
        {
            AgreementChanged => !(savingMine && change.ActorUserId == userId),
            MemberJoined or MemberRemoved => true,
            MemberRoleChanged role => role.UserId == userId,
            PartnershipDetailsChanged => View.Current is not null,
            GoalSaved { Field: null } => View.Current is not null,
            _ => false,
        };
    }

    /// <summary>Takes the agreement as read again; the section being edited is flagged when its saved text moved on.</summary>
    public void Resync(AgreementView fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        View = fresh;
        if (Editing is { } kind && Section(kind).Version != EditVersion)
        {
            ChangedMeanwhile = true;
        }
    }

    public SectionView Section(AgreementSectionKind kind) => View.Sections.Single(s => s.Kind == kind);

    public void StartEdit(SectionView section)
    {
        ArgumentNullException.ThrowIfNull(section);
        Editing = section.Kind;
        EditVersion = section.Version;
        ChangedMeanwhile = false;
    }

    public void StopEdit() => Editing = null;

    /// <summary>The edit now starts from their saved section (taking their text, or saving over it); returns that section.</summary>
    public SectionView Overtake()
    {
        var theirs = Section(Editing!.Value);
        EditVersion = theirs.Version;
        ChangedMeanwhile = false;
        return theirs;
    }

    /// <summary>A save was refused because the section moved on: show theirs against the text being typed.</summary>
    public void Conflicted() => ChangedMeanwhile = true;
}
