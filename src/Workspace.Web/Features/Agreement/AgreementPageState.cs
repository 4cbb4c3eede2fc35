using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Agreement;

/// <summary>
/// The agreement page in memory, loaded by <see cref="AgreementService.GetAsync"/>, with the section the
/// viewer is typing in. Agreement events carry no data (sign-offs and out-of-date reasons are worked out from
/// the whole agreement), so <see cref="Affects"/> tells when to read it again and <see cref="Resync"/> takes it.
/// Sections are co-typed (decision 022): an operation on one only marks the agreement <see cref="TypedMeanwhile"/>,
/// and the page reads it again once per burst of keystrokes.
/// </summary>
public sealed class AgreementPageState(Guid partnershipId, string userId, AgreementView view)
{
    private long _readsStarted;
    private long _readShown;

    public AgreementView View { get; private set; } = view;

    /// <summary>The section whose co-typed editor the viewer has open, if any.</summary>
    public AgreementSectionKind? Editing { get; private set; }

    /// <summary>Someone typed in a section since the agreement was last read.</summary>
    public bool TypedMeanwhile { get; private set; }

    /// <summary>
    /// True when the event changes what the page shows: the agreement itself (unless it is the viewer's own
    /// save, which reloads when it returns), the partners, the viewer's role, or — once a version is issued —
    /// a new goal or the way decisions count, which make that version out of date. Typing in a section is not
    /// read at once: it sets <see cref="TypedMeanwhile"/>.
    /// </summary>
    public bool Affects(PartnershipEvent change, bool savingMine)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.PartnershipId != partnershipId)
        {
            return false;
        }

        switch (change)
        {
            case CoTextChanged text when text.OwnerId == partnershipId && CoText.AgreementSectionKindOf(text.OwnerKind) is not null:
                // Operations carry no picture of the section: the page reads the agreement again, coalescing keystrokes.
                TypedMeanwhile = true;
                return false;
            case AgreementChanged:
                return !(savingMine && change.ActorUserId == userId);
            case MemberJoined or MemberRemoved:
                return true;
            case MemberRoleChanged role:
                return role.UserId == userId;
            case PartnershipDetailsChanged:
                return View.Current is not null;
            case GoalSaved { Field: null }:
                return View.Current is not null;
            default:
                return false;
        }
    }

    /// <summary>Called as a read starts: typing after this point asks for another read.</summary>
    public void Reading() => TypedMeanwhile = false;

    /// <summary>Takes the agreement as read again.</summary>
    public void Resync(AgreementView fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        View = fresh;
    }

    /// <summary>Numbers a read of the whole agreement as it starts (reads overlap: events, typing, a reconnect).</summary>
    public long ReadStarts() => ++_readsStarted;

    /// <summary>
    /// Takes the agreement read by <paramref name="read"/> unless one started after it is already shown: a read that
    /// began later saw at least as much, so an earlier one finishing last would show older text. True when taken.
    /// </summary>
    public bool Resync(AgreementView fresh, long read)
    {
        if (read <= _readShown)
        {
            return false;
        }

        _readShown = read;
        Resync(fresh);
        return true;
    }

    public SectionView Section(AgreementSectionKind kind) => View.Sections.Single(s => s.Kind == kind);

    /// <summary>Opens the co-typed editor on a section; one at a time (no other Edit is offered while it is open).</summary>
    public void StartEdit(AgreementSectionKind kind) => Editing = kind;

    public void StopEdit() => Editing = null;
}
