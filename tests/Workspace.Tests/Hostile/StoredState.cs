using Workspace.Tests.Support;

namespace Workspace.Tests.Hostile;

/// <summary>Everything a hostile call could change, as one string: equal before and after means nothing was stored.</summary>
internal static class StoredState
{
    public static string Of(TestDatabase database) => database.Read(db => string.Join('|',
        db.Goals.Count(), db.GoalContributions.Count(), db.GoalDrafts.Count(), db.Indicators.Count(), db.CheckIns.Count(), db.ConfidenceRecords.Count(),
        db.LogEntries.Count(), db.LogEntries.Count(e => e.RemovedUtc != null), db.LogReplies.Count(), db.LogReplies.Count(r => r.RemovedUtc != null),
        db.LogReactions.Count(), db.DecisionPositions.Count(), db.DecisionAmendments.Count(), db.LogReadStates.Count(), db.ChangeRecords.Count(),
        db.Workshops.Count(), db.WorkshopItems.Count(), db.WorkshopIdeas.Count(), db.WorkshopPolls.Count(), db.WorkshopVotes.Count(),
        db.WorkshopBallots.Count(), db.OrganisationDomains.Count(), db.Users.Count(u => u.IsOrganisationAdmin), db.Users.Count(u => u.OrganisationId != null),
        string.Join(',', db.OrganisationJoinRequests.OrderBy(r => r.Id).Select(r => r.State).ToList()),
        db.WorkshopAttendances.Count(), db.Invitations.Count(i => i.RevokedUtc != null), db.Memberships.Count(),
        string.Join(',', db.Memberships.OrderBy(m => m.UserId).Select(m => m.Role).ToList()),
        string.Join(',', db.Partnerships.OrderBy(p => p.Id).Select(p => p.Name).ToList()),
        string.Join(',', db.Goals.OrderBy(g => g.Id).Select(g => g.Title + g.Version).ToList()),
        string.Join(',', db.LogEntries.OrderBy(e => e.Id).Select(e => e.Title + e.Version).ToList()),
        string.Join(',', db.LogReplies.OrderBy(r => r.Id).Select(r => r.Body + r.Version).ToList()),
        string.Join(',', db.Workshops.OrderBy(w => w.Id).Select(w => w.Title + w.State + w.Version + w.CurrentItemId).ToList()),
        string.Join(',', db.WorkshopItems.OrderBy(i => i.Id).Select(i => i.Title + i.Position).ToList()),
        string.Join(',', db.WorkshopIdeas.OrderBy(i => i.Id).Select(i => i.Text + i.Version).ToList()),
        string.Join(',', db.WorkshopPolls.OrderBy(p => p.Id).Select(p => p.State.ToString() + p.Version).ToList()),
        string.Join(',', db.Invitations.OrderBy(i => i.Id).Select(i => i.ExpiresUtc.Ticks + "-" + i.Version).ToList())));
}
