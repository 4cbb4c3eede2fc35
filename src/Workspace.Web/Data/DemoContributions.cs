using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Contributions;

namespace Workspace.Web.Data;

/// <summary>
/// The demo partnership's register of contributions: every kind, from every partner organisation, some
/// delivered and some still committed, each linked to the shared goals it supports.
/// </summary>
public static class DemoContributions
{
    private sealed record Seed(
        string Email, ContributionKind Kind, string Description, decimal? Amount, string? Currency, decimal? Days,
        int StartMonthsAgo, int Months, int? DeliveredDaysAgo, params string[] GoalWords);

    private static readonly Seed[] Seeds =
    [
        new("facilitator@demo.local", ContributionKind.StaffTime, "Partnership coordinator, two days a week", null, null, 96, 9, 12, null, "reoffend"),
        new("facilitator@demo.local", ContributionKind.DataSharing, "Anonymised reoffending figures, quarterly", null, null, null, 9, 12, 40, "reoffend"),
        new("facilitator@demo.local", ContributionKind.Money, "Mentoring programme grant", 45_000, "GBP", null, 6, 12, null, "mentor"),
        new("contributor@demo.local", ContributionKind.StaffTime, "Probation officers at the weekly case panel", null, null, 40, 8, 12, 20, "reoffend"),
        new("contributor@demo.local", ContributionKind.Expertise, "Risk assessment training for partner staff", null, null, null, 5, 3, 60, "adult probation"),
        new("partner@demo.local", ContributionKind.Money, "Street safety app development", 30_000, "GBP", null, 6, 9, 15, "journey-alert app"),
        new("partner@demo.local", ContributionKind.Money, "EU innovation co-funding for the app pilot", 12_500, "EUR", null, 3, 12, null, "journey-alert app"),
        new("partner@demo.local", ContributionKind.Expertise, "Data engineers for the shared dashboard", null, null, null, 4, 6, null, "streets"),
        new("ngo@demo.local", ContributionKind.Networks, "Introductions to youth clubs and faith groups across Riverside", null, null, null, 9, 12, 120, "mentor"),
        new("ngo@demo.local", ContributionKind.StaffTime, "Volunteer mentors' supervision", null, null, 24.5m, 6, 12, null, "mentor"),
        new("ngo@demo.local", ContributionKind.Facilities, "Community centre rooms for mentoring sessions", null, null, null, 9, 12, 90, "mentor", "youth spaces"),
        new("observer@demo.local", ContributionKind.Facilities, "CCTV control room access for the safety pilot", null, null, null, 5, 12, null, "journey-alert app"),
        new("observer@demo.local", ContributionKind.Money, "Community safety fund", 20_000, "GBP", null, 9, 12, 100, "streets and late-evening"),
        new("observer@demo.local", ContributionKind.DataSharing, "Street lighting and incident maps", null, null, null, 7, 12, null, "youth spaces"),
    ];

    public static async Task SeedAsync(WorkspaceDbContext db, Guid partnershipId, IReadOnlyDictionary<string, ApplicationUser> peopleByEmail, DateTime nowUtc, CancellationToken ct)
    {
        if (await db.Contributions.AnyAsync(c => c.PartnershipId == partnershipId, ct))
        {
            return;
        }

        var goals = await db.Goals.Where(g => g.PartnershipId == partnershipId).Select(g => new { g.Id, g.Title }).ToListAsync(ct);
        var today = DateOnly.FromDateTime(nowUtc);
        foreach (var seed in Seeds)
        {
            var person = peopleByEmail[seed.Email];
            var organisation = person.Organisation?.Name ?? db.Organisations.Find(person.OrganisationId)?.Name ?? "";
            var start = new DateOnly(today.Year, today.Month, 1).AddMonths(-seed.StartMonthsAgo);
            var recorded = start.ToDateTime(TimeOnly.MinValue).AddDays(3);
            var contribution = new Contribution
            {
                Id = Guid.NewGuid(),
                PartnershipId = partnershipId,
                OrganisationId = person.OrganisationId!.Value,
                Kind = seed.Kind,
                Description = seed.Description,
                Amount = seed.Amount,
                Currency = seed.Currency,
                Days = seed.Days,
                PeriodStart = start,
                PeriodEnd = start.AddMonths(seed.Months).AddDays(-1),
                Status = seed.DeliveredDaysAgo is null ? ContributionStatus.Committed : ContributionStatus.Delivered,
                DeliveredOn = seed.DeliveredDaysAgo is { } ago ? today.AddDays(-ago) : null,
                CreatedUtc = recorded,
                CreatedByUserId = person.Id,
                UpdatedUtc = seed.DeliveredDaysAgo is { } days ? nowUtc.AddDays(-days) : recorded,
                UpdatedByUserId = person.Id,
            };
            contribution.Goals.AddRange(goals
                .Where(g => seed.GoalWords.Any(w => g.Title.Contains(w, StringComparison.OrdinalIgnoreCase)))
                .Take(2)
                .Select(g => new ContributionGoal { ContributionId = contribution.Id, GoalId = g.Id }));
            db.Contributions.Add(contribution);
            db.Record(partnershipId, person.Id, recorded, ContributionService.Entity, contribution.Id, "Recorded", null,
                $"{organisation} · {seed.Kind.ToText()} · {seed.Description}");
            if (seed.DeliveredDaysAgo is { } deliveredAgo)
            {
                db.Record(partnershipId, person.Id, nowUtc.AddDays(-deliveredAgo), ContributionService.Entity, contribution.Id, "Delivered", null,
                    AuditTrail.Join(organisation, $"{seed.Description} (on {today.AddDays(-deliveredAgo):yyyy-MM-dd})"));
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
