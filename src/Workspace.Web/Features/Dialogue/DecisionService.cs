using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;
using static Workspace.Web.Features.Dialogue.DialogueAccess;
using static Workspace.Web.Features.Dialogue.EntryViews;

namespace Workspace.Web.Features.Dialogue;

/// <summary>Decisions: positions taken, closing with an outcome, amendments after closing.</summary>
public sealed class DecisionService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock)
{
    /// <summary>Records (or changes) the person's position on an open decision.</summary>
    public async Task<Result<IReadOnlyList<PositionView>>> TakePositionAsync(string userId, Guid partnershipId, Guid entryId, Position position, string? reason, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Contributor, "take a position", cancellationToken);
            if (!access.Succeeded)
            {
                return access.Error!;
            }

            var entry = await db.LogEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == entryId && e.PartnershipId == partnershipId && e.Kind == EntryKind.Decision, cancellationToken);
            if (entry is null)
            {
                return ServiceError.NotFound;
            }

            var rules = new InputRules()
                .Defined("Position", "Position", position)
                .MaxLength("Reason", "Reason", reason, DecisionPosition.ReasonMaxLength)
                .Check(position is Position.Agree or Position.Abstain || !string.IsNullOrWhiteSpace(reason), "Reason", "Say why: concerns and objections need a reason so partners can respond.")
                .Check(entry.ClosedUtc is null && entry.RemovedUtc is null, "Position", "This decision is closed: positions can no longer change.");
            if (!rules.IsValid)
            {
                return rules.ToError();
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var existing = await db.DecisionPositions.FirstOrDefaultAsync(p => p.EntryId == entryId && p.UserId == userId, cancellationToken);
            var old = existing?.Position.ToString();
            if (existing is null)
            {
                existing = new DecisionPosition
                {
                    Id = Guid.NewGuid(),
                    EntryId = entryId,
                    UserId = userId,
                    OrganisationId = await db.Users.Where(u => u.Id == userId).Select(u => u.OrganisationId).FirstOrDefaultAsync(cancellationToken),
                };
                db.DecisionPositions.Add(existing);
            }

            existing.Position = position;
            existing.Reason = InputRules.Stored(reason);
            existing.RecordedUtc = now;
            db.Record(partnershipId, userId, now, nameof(DecisionPosition), entryId, "Position", old, $"{position}{(string.IsNullOrEmpty(existing.Reason) ? "" : ": " + existing.Reason)}");
            var people = await PeopleAsync(db, partnershipId, cancellationToken);
            (LogEntryView Entry, IReadOnlyList<PositionView> Positions) picture;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                // Writing the entry row first serialises this with closing the decision: a position
                // lands only while the decision is still open, even when both happen at the same moment.
                // The same write moves the entry's revision on: the picture read below, before the commit,
                // is this change's (see SnapshotAsync), with no second transaction.
                var stillOpen = await db.LogEntries.Where(e => e.Id == entryId && e.ClosedUtc == null && e.RemovedUtc == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(e => e.UpdatedUtc, now).SetProperty(e => e.Revision, e => e.Revision + 1), cancellationToken);
                if (stillOpen == 0)
                {
                    return new InputRules().Check(false, "Position", "This decision is closed: positions can no longer change.").ToError();
                }

                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateException e) when (attempt < 3 && !StorageFaults.IsBusy(e))
                {
                    // Two tabs recorded this person's first position at once (unique per person): update instead.
                    continue;
                }

                picture = await PictureAsync(db, partnershipId, entryId, people, withPositions: true, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            var (view, positions) = picture;
            await events.PublishAsync(new PositionsChanged(partnershipId, userId, entryId, positions, view), cancellationToken);
            return Result<IReadOnlyList<PositionView>>.Ok(positions);
        }
    }

    /// <summary>Closes a decision with its outcome (facilitators), when its rule is met. Dissent recorded before stays visible.</summary>
    public Task<Result<LogEntryView>> CloseDecisionAsync(string userId, Guid partnershipId, Guid entryId, string outcome, CancellationToken cancellationToken = default) =>
        CloseDecisionAsync(userId, partnershipId, entryId, outcome, overrideReason: null, cancellationToken);

    /// <summary>
    /// Closes a decision with its outcome (facilitators). A decision whose rule is not met by the
    /// positions so far closes only with a reason for overriding the rule, which stays in the record
    /// beside where the rule stood.
    /// </summary>
    public async Task<Result<LogEntryView>> CloseDecisionAsync(string userId, Guid partnershipId, Guid entryId, string outcome, string? overrideReason,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadForChangeAsync(db, userId, partnershipId, entryId, "close decisions", authorMayAct: false, cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var entry = loaded.Value!;
        var rules = new InputRules()
            .Check(entry.Kind == EntryKind.Decision, "Outcome", "Only decisions are closed with an outcome.")
            .Required("Outcome", "Outcome", outcome, LogEntry.OutcomeMaxLength)
            .MaxLength("OverrideReason", "Reason for overriding the rule", overrideReason, LogEntry.OutcomeMaxLength)
            .Check(entry.ClosedUtc is null, "Outcome", "This decision is already closed. Add an amendment instead.");
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // Writing the entry row first serialises closing with positions being taken (see TakePositionAsync),
            // so the rule is judged on the positions the decision closes with.
            await db.LogEntries.Where(e => e.Id == entryId).ExecuteUpdateAsync(set => set.SetProperty(e => e.UpdatedUtc, now), cancellationToken);
            var electorate = await ElectorateAsync(db, partnershipId, cancellationToken);
            var positions = await db.DecisionPositions.AsNoTracking().Where(p => p.EntryId == entryId).Select(p => new { p.UserId, p.Position }).ToListAsync(cancellationToken);
            var verdict = DecisionRules.Evaluate(entry.DecisionRule ?? DecisionRule.Consent, electorate.Counting, electorate.Voters, positions.Select(p => (p.UserId, p.Position)));
            var reason = InputRules.Stored(overrideReason);
            if (!verdict.Met && string.IsNullOrEmpty(reason))
            {
                return new InputRules().Check(false, "OverrideReason",
                    $"{verdict.Summary} To close it anyway, give the reason for overriding the rule; it stays in the record.").ToError();
            }

            entry.ClosedUtc = now;
            entry.ClosedByUserId = userId;
            entry.Outcome = InputRules.Stored(outcome);
            entry.RuleAtClose = verdict.Summary.Length <= LogEntry.RuleTextMaxLength ? verdict.Summary : verdict.Summary[..LogEntry.RuleTextMaxLength];
            entry.RuleOverrideReason = verdict.Met ? null : reason;
            entry.UpdatedUtc = now;
            db.Record(partnershipId, userId, now, nameof(LogEntry), entryId, "Outcome", null, entry.Outcome);
            db.Record(partnershipId, userId, now, nameof(LogEntry), entryId, "RuleAtClose", null, entry.RuleAtClose);
            db.Record(partnershipId, userId, now, nameof(LogEntry), entryId, "RuleOverride", null, entry.RuleOverrideReason);
            await Webhooks.WebhookOutbox.DecisionClosedAsync(db, entry, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return ServiceError.Conflict("The decision changed at the same moment. Reload it and close it again.");
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return await PublishSavedAsync(events, db, userId, partnershipId, entryId, cancellationToken);
    }

    /// <summary>
    /// Adds an amendment to a closed decision (facilitators). Its viewers get the amendments with the
    /// entry's new picture, read in the same transaction, so an open page shows it without a reload.
    /// </summary>
    public async Task<Result<LogEntryView>> AmendDecisionAsync(string userId, Guid partnershipId, Guid entryId, string text, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var loaded = await LoadForChangeAsync(db, userId, partnershipId, entryId, "amend decisions", authorMayAct: false, cancellationToken);
        if (!loaded.Succeeded)
        {
            return loaded.Error!;
        }

        var entry = loaded.Value!;
        var rules = new InputRules()
            .Check(entry.Kind == EntryKind.Decision && entry.ClosedUtc is not null, "Text", "Only closed decisions are amended; an open one can still be edited.")
            .Required("Text", "Amendment", text, LogEntry.OutcomeMaxLength);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.DecisionAmendments.Add(new DecisionAmendment { Id = Guid.NewGuid(), EntryId = entryId, Text = InputRules.Stored(text), UserId = userId, CreatedUtc = now });
        db.Record(partnershipId, userId, now, nameof(LogEntry), entryId, "Amendment", null, InputRules.Stored(text));
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            await TouchAsync(db, entryId, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var people = await PeopleAsync(db, partnershipId, cancellationToken);
        var (view, amendments) = await SnapshotAsync(db, entryId, async () => (
            (await PictureAsync(db, partnershipId, entryId, people, withPositions: false, cancellationToken)).Entry,
            await AmendmentsAsync(db, entryId, people, cancellationToken)), cancellationToken);
        await events.PublishAsync(new LogEntrySaved(partnershipId, userId, view) { Amendments = amendments }, cancellationToken);
        return view;
    }
}
