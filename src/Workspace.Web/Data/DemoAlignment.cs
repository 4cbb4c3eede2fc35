using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Alignment;

namespace Workspace.Web.Data;

/// <summary>
/// Three partner organisations' own goals in the demo, each feeding one or two of Safer Streets' shared
/// goals, so the goal pages show where partners' own work meets the partnership's.
/// </summary>
public static class DemoAlignment
{
    private static readonly (string Email, string Title, string Description, (string GoalWord, string Note)[] Feeds)[] OwnGoals =
    [
        ("partner@demo.local", "Grow the journey-alert app to five cities by 2028",
            "SafeRoute's product plan: two more cities a year after the Riverside pilot.",
            [("streets", "Every night route added in Riverside is one the product needs anyway; Riverside is the reference site.")]),
        ("ngo@demo.local", "Mentor 200 young people a year",
            "Streetlight Trust's five-year strategy, funded by the lottery and two local trusts.",
            [("mentor", "The partnership's referrals are about a third of our mentoring places."),
             ("spaces", "Mentors run two evenings a week in the youth spaces.")]),
        ("contributor@demo.local", "Reduce reoffending among 18 to 25 year olds on licence",
            "A regional probation target for this year and next.",
            [("reoffending", "Young people moving from youth justice to probation are the cohort most at risk.")]),
    ];

    public static async Task SeedAsync(WorkspaceDbContext db, Guid partnershipId, IReadOnlyDictionary<string, ApplicationUser> peopleByEmail, DateTime nowUtc, CancellationToken ct)
    {
        if (await db.GoalAlignments.AnyAsync(a => a.PartnershipId == partnershipId, ct))
        {
            return;
        }

        var goals = await db.Goals.Where(g => g.PartnershipId == partnershipId).Select(g => new { g.Id, g.Title }).ToListAsync(ct);
        var at = nowUtc.AddDays(-40);
        foreach (var (email, title, description, feeds) in OwnGoals)
        {
            if (!peopleByEmail.TryGetValue(email, out var person) || person.OrganisationId is not { } organisationId)
            {
                continue;
            }

            var own = new OrganisationGoal
            {
                Id = Guid.NewGuid(),
                OrganisationId = organisationId,
                Title = title,
                Description = description,
                CreatedByUserId = person.Id,
                CreatedUtc = at,
                UpdatedUtc = at,
            };
            db.OrganisationGoals.Add(own);
            foreach (var (word, note) in feeds)
            {
                if (goals.FirstOrDefault(g => g.Title.Contains(word, StringComparison.OrdinalIgnoreCase)) is not { } shared)
                {
                    continue;
                }

                var link = new GoalAlignment
                {
                    Id = Guid.NewGuid(),
                    OrganisationGoalId = own.Id,
                    PartnershipId = partnershipId,
                    GoalId = shared.Id,
                    Note = note,
                    CreatedByUserId = person.Id,
                    CreatedUtc = at.AddHours(1),
                };
                db.GoalAlignments.Add(link);
                db.Record(partnershipId, person.Id, link.CreatedUtc, AlignmentService.LinkEntity, link.Id, "Linked", null, $"{title}: {note}", shared.Id);
            }

            at = at.AddDays(3);
        }

        await db.SaveChangesAsync(ct);
    }
}
