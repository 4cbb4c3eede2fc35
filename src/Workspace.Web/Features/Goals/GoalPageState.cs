using Workspace.Web.Components.Common;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Goals;

/// <summary>
/// What one viewer's goal page shows, kept current from live events without reading the database.
/// <see cref="Apply"/> says whether anything shown changed, so the page renders only then; the lists
/// are <see cref="ValueList{T}"/>s replaced only when they change, so each part of the page can tell
/// by value whether it has anything new. Two changes at once can publish their pictures of the goal
/// out of order: every picture carries the goal's revision, and an older one never replaces a newer.
/// </summary>
public sealed class GoalPageState
{
    private readonly string _viewerUserId;
    // The revisions the description, the contributions and each indicator shown were read at.
    private long _descriptionRevision;
    private long _contributionsRevision;
    private SnapshotRevisions _indicatorRevisions = new();
    // The co-typed revision of the description shown, so a slower read never replaces a newer one.
    private long _coDescriptionRevision;

    public GoalPageState(GoalPageModel model, string viewerUserId)
    {
        ArgumentNullException.ThrowIfNull(model);
        _viewerUserId = viewerUserId;
        GoalId = model.Detail.Summary.Id;
        Take(model);
        // A draft that matches what is saved has nothing to restore; the description is co-typed, saved as it is typed.
        Drafts = model.Drafts.Where(d => d.Field != GoalField.Description && d.Text != CurrentText(d.Field)).ToValueList();
    }

    public Guid GoalId { get; }

    public GoalSummary Summary { get; private set; } = default!;

    public string Description { get; private set; } = "";

    public ValueList<ContributionView> Contributions { get; private set; } = ValueList<ContributionView>.Empty;

    public ValueList<IndicatorView> Indicators { get; private set; } = ValueList<IndicatorView>.Empty;

    public ValueList<MemberView> Members { get; private set; } = ValueList<MemberView>.Empty;

    public ValueList<OrganisationOption> Organisations { get; private set; } = ValueList<OrganisationOption>.Empty;

    /// <summary>The partnership's goals, for the parent's title and the "part of" choices.</summary>
    public ValueList<GoalSummary> Goals { get; private set; } = ValueList<GoalSummary>.Empty;

    /// <summary>The viewer's unsaved drafts of this goal, offered once when the page opens.</summary>
    public ValueList<DraftView> Drafts { get; private set; }

    public PartnershipRole Role { get; private set; }

    public bool CanEdit => Role >= PartnershipRole.Contributor;

    /// <summary>Who is looking at this goal now, and which field each is editing.</summary>
    public ValueList<PresenceEntry> Presence { get; private set; } = ValueList<PresenceEntry>.Empty;

    /// <summary>Where the page's presence is kept.</summary>
    public string Location => $"goal:{GoalId}";

    public string? ParentTitle => Summary.ParentGoalId is { } parent ? Goals.FirstOrDefault(g => g.Id == parent)?.Title : null;

    public GoalFieldValues Fields => GoalFieldValues.Of(Summary, ParentTitle);

    /// <summary>Set while the viewer co-types the description: the editor shows it live, so the page reads it once the editor closes.</summary>
    public bool EditingDescription { get; set; }

    /// <summary>The co-typed description changed since it was read: the page reads it again (<see cref="TakeCoTypedDescription"/>).</summary>
    public bool DescriptionStale { get; set; }

    /// <summary>The description's co-typed text, known once an operation on it was seen.</summary>
    public Guid? DescriptionTextId { get; private set; }

    /// <summary>Set when an event changed the goal's history; the page offers a refresh and clears it.</summary>
    public bool HistoryChanged { get; set; }

    /// <summary>Applies a live event; true when anything the page shows changed.</summary>
    public bool Apply(PartnershipEvent change)
    {
        switch (change)
        {
            case PresenceChanged presence when presence.Location == Location:
                return SetPresence(presence.People);
            case GoalSaved saved when saved.Goal.Id == GoalId:
                var changed = Accept(saved.Goal);
                if (saved.Field == GoalField.Description && saved.Goal.Revision > _descriptionRevision)
                {
                    _descriptionRevision = saved.Goal.Revision;
                    changed |= Description != (saved.Description ?? "");
                    Description = saved.Description ?? "";
                }

                return MarkHistory(changed);
            case CoTextChanged text when text.OwnerKind == CoText.GoalDescription && text.OwnerId == GoalId:
                // Operations carry no picture of the description: the page reads it again, coalescing a burst of keystrokes.
                DescriptionTextId = text.TextId;
                DescriptionStale |= text.Revision > _coDescriptionRevision;
                return false;
            case GoalSaved other:
                if (Goals.FirstOrDefault(g => g.Id == other.Goal.Id) is { } known && (other.Goal.Revision < known.Revision || other.Goal == known))
                {
                    return false;
                }

                Goals = Goals.Where(g => g.Id != other.Goal.Id).Append(other.Goal).ToValueList();
                return true;
            case IndicatorSaved indicator when indicator.Goal.Id == GoalId:
                var summaryChanged = Accept(indicator.Goal);
                if (_indicatorRevisions.Accept(indicator.Indicator.Id, indicator.Indicator.Revision))
                {
                    Indicators = (Indicators.Any(i => i.Id == indicator.Indicator.Id)
                        ? Indicators.Select(i => i.Id == indicator.Indicator.Id ? indicator.Indicator : i)
                        : Indicators.Append(indicator.Indicator)).ToValueList();
                    summaryChanged = true;
                }

                return MarkHistory(summaryChanged);
            case GoalContributionsChanged contributions when contributions.GoalId == GoalId:
                var goalChanged = Accept(contributions.Goal);
                if (contributions.Goal.Revision > _contributionsRevision)
                {
                    _contributionsRevision = contributions.Goal.Revision;
                    Contributions = ValueList<ContributionView>.Of(contributions.Contributions);
                    goalChanged = true;
                }

                return MarkHistory(goalChanged);
            case MemberJoined joined:
                Members = Members.Where(m => m.UserId != joined.Member.UserId).Append(joined.Member).ToValueList();
                return true;
            case MemberRemoved removed:
                Members = Members.Where(m => m.UserId != removed.UserId).ToValueList();
                return true;
            case MemberRoleChanged role:
                Members = Members.Select(m => m.UserId == role.UserId ? m with { Role = role.Role } : m).ToValueList();
                Role = role.UserId == _viewerUserId ? role.Role : Role;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Takes the goal as loaded again after events were missed, keeping what the viewer is doing.</summary>
    public void Resync(GoalPageModel fresh)
    {
        ArgumentNullException.ThrowIfNull(fresh);
        _indicatorRevisions = new SnapshotRevisions();
        Take(fresh);
        // The load may have begun before a co-typed read already shown: read the text again rather than show an older one.
        _coDescriptionRevision = 0;
        DescriptionStale = DescriptionTextId is not null;
        HistoryChanged = true;
    }

    /// <summary>Shows the newer of the goal shown and <paramref name="incoming"/>; true when it changed.</summary>
    public bool Accept(GoalSummary incoming)
    {
        var newest = GoalSummary.Newest(Summary, incoming);
        if (ReferenceEquals(newest, Summary))
        {
            return false;
        }

        Summary = newest;
        return true;
    }

    /// <summary>Who is here now; false when the list brings the same people in the same state (the echo of joining).</summary>
    public bool SetPresence(IReadOnlyList<PresenceEntry> people)
    {
        var incoming = ValueList<PresenceEntry>.Of(people);
        if (incoming.Equals(Presence))
        {
            return false;
        }

        Presence = incoming;
        return true;
    }

    /// <summary>Shows the co-typed description read at <paramref name="revision"/> unless a newer one is shown; true when it changed.</summary>
    public bool TakeCoTypedDescription(string text, long revision)
    {
        if (revision <= _coDescriptionRevision)
        {
            return false;
        }

        _coDescriptionRevision = revision;
        var stored = InputRules.StoredMarkdown(text);
        if (stored == Description)
        {
            return false;
        }

        Description = stored;
        return true;
    }

    /// <summary>Stops offering a draft (restored, discarded or saved).</summary>
    public void Forget(GoalField draftField) => Drafts = Drafts.Where(d => d.Field != draftField).ToValueList();

    public string NameOf(string? userId) => Members.FirstOrDefault(m => m.UserId == userId)?.DisplayName ?? "Someone";

    private string? CurrentText(GoalField field) => field switch
    {
        GoalField.Title => Summary.Title,
        GoalField.Description => Description,
        _ => null,
    };

    private void Take(GoalPageModel model)
    {
        var detail = model.Detail;
        Summary = detail.Summary;
        Description = detail.Description;
        Contributions = ValueList<ContributionView>.Of(detail.Contributions);
        Indicators = ValueList<IndicatorView>.Of(detail.Indicators);
        _descriptionRevision = _contributionsRevision = detail.Summary.Revision;
        foreach (var indicator in detail.Indicators)
        {
            _indicatorRevisions.Accept(indicator.Id, detail.Summary.Revision);
        }

        Members = ValueList<MemberView>.Of(model.Members);
        Role = model.Role;
        Organisations = ValueList<OrganisationOption>.Of(model.Organisations);
        Goals = ValueList<GoalSummary>.Of(model.Goals);
    }

    private bool MarkHistory(bool changed)
    {
        HistoryChanged = true;
        return changed;
    }
}
