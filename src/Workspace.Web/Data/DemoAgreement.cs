using Microsoft.EntityFrameworkCore;
using Workspace.Web.Features.Agreement;
using Workspace.Web.Features.Goals;

namespace Workspace.Web.Data;

/// <summary>
/// The demo partnership's agreement: three versions signed by every partner, then a new shared goal that
/// made version 3 out of date, re-confirmed by every partner but SafeRoute Technologies.
/// </summary>
public static class DemoAgreement
{
    private const string Ana = "facilitator@demo.local";
    private const string NewGoalTitle = "Report results to residents every year";

    private static readonly (string Email, string Role)[] Signers =
    [
        (Ana, "Partnership lead"), ("contributor@demo.local", "Senior probation officer"), ("partner@demo.local", "Head of public sector"),
        ("ngo@demo.local", "Director of programmes"), ("observer@demo.local", "Head of Community Safety"),
    ];

    private static readonly Dictionary<AgreementSectionKind, string> Version1 = new()
    {
        [AgreementSectionKind.Vision] = "Cut repeat youth offending in Riverside by a third within three years, by joining up justice, council, business and community work around the young people most at risk.",
        [AgreementSectionKind.Principles] = "- **Equity**: every partner's voice counts the same, whatever it brings.\n- **Transparency**: results, good and bad, are shared with all partners.\n- **Mutual benefit**: each partner says what it needs from the partnership.",
        [AgreementSectionKind.Roles] = "The Youth Justice Unit facilitates. Each partner names one lead who speaks for it and one deputy.",
        [AgreementSectionKind.DecisionMaking] = "Decisions are taken by consensus at the monthly partnership meeting.",
        [AgreementSectionKind.Communication] = "A monthly meeting, the dialogue log for everything in between, and a quarterly report to each partner's board.",
    };

    private static readonly Dictionary<AgreementSectionKind, string> Version2 = new(Version1)
    {
        [AgreementSectionKind.DecisionMaking] = "Decisions are taken by consent: a proposal passes unless a partner objects with a reason. Objections are recorded in the log with the partner's name.",
        [AgreementSectionKind.Resources] = "Each partner records what it brings (money, staff time, expertise, data, facilities, networks) in the partnership's register, committed and delivered.",
        [AgreementSectionKind.Review] = "The agreement is reviewed every twelve months, and after any partner joins or leaves.",
    };

    private static readonly Dictionary<AgreementSectionKind, string> Version3 = new(Version2)
    {
        [AgreementSectionKind.Review] = "The agreement is reviewed every twelve months, and after any partner joins or leaves. A health check every quarter tells us how the partnership itself is doing.",
        [AgreementSectionKind.Leaving] = "A partner gives three months' notice, hands over its open actions to a named partner, and its data stays available to the others for the life of the shared goals it supported.",
    };

    public static async Task SeedAsync(WorkspaceDbContext db, Guid partnershipId, IReadOnlyDictionary<string, ApplicationUser> peopleByEmail, DateTime nowUtc, CancellationToken ct)
    {
        if (await db.AgreementVersions.AnyAsync(v => v.PartnershipId == partnershipId, ct))
        {
            return;
        }

        var start = await db.Partnerships.Where(p => p.Id == partnershipId).Select(p => p.CreatedUtc).FirstAsync(ct);
        var ana = peopleByEmail[Ana].Id;
        var partners = Signers.Select(s => peopleByEmail[s.Email].OrganisationId!.Value).Distinct().ToList();
        var versions = new[] { (Version1, start.AddDays(30), "First version, agreed at the launch workshop"),
            (Version2, start.AddDays(150), "Decisions by consent; resources and review added"),
            (Version3, nowUtc.AddDays(-75), "How a partner leaves; quarterly health check") };
        for (var index = 0; index < versions.Length; index++)
        {
            var (sections, issued, note) = versions[index];
            var version = new AgreementVersion
            {
                Id = Guid.NewGuid(),
                PartnershipId = partnershipId,
                Number = index + 1,
                IssuedUtc = issued,
                IssuedByUserId = ana,
                Note = note,
                SectionsJson = AgreementSnapshot.Sections(sections),
                PartnersJson = AgreementSnapshot.Partners(partners),
            };
            db.AgreementVersions.Add(version);
            db.Record(partnershipId, ana, issued, AgreementService.VersionEntity, version.Number, "Issued", null, note);
            for (var signer = 0; signer < Signers.Length; signer++)
            {
                Sign(db, partnershipId, version, peopleByEmail[Signers[signer].Email], Signers[signer].Role, issued.AddDays(1 + signer), "Signed");
            }

            if (index == versions.Length - 1)
            {
                // A shared goal added after version 3: every partner but SafeRoute has re-confirmed since.
                var goalAdded = nowUtc.AddDays(-30);
                AddGoal(db, partnershipId, ana, peopleByEmail[Ana].OrganisationId, goalAdded);
                foreach (var (email, role) in Signers.Where(s => s.Email != "partner@demo.local"))
                {
                    Sign(db, partnershipId, version, peopleByEmail[email], role, goalAdded.AddDays(2 + Array.FindIndex(Signers, s => s.Email == email)), "Reconfirmed");
                }
            }
        }

        foreach (var (kind, text) in Version3)
        {
            db.AgreementSections.Add(new AgreementSection
            {
                Id = Guid.NewGuid(),
                PartnershipId = partnershipId,
                Kind = kind,
                Text = text,
                UpdatedUtc = versions[^1].Item2.AddDays(-3),
                UpdatedByUserId = ana,
            });
        }

        await db.SaveChangesAsync(ct);
    }

    private static void Sign(WorkspaceDbContext db, Guid partnershipId, AgreementVersion version, ApplicationUser person, string role, DateTime at, string field)
    {
        db.AgreementSignatures.Add(new AgreementSignature
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            VersionId = version.Id,
            OrganisationId = person.OrganisationId!.Value,
            UserId = person.Id,
            SignerName = person.DisplayName,
            SignerRole = role,
            SignedUtc = at,
        });
        db.Record(partnershipId, person.Id, at, AgreementService.SignatureEntity, person.OrganisationId!.Value, field, null,
            AuditTrail.Join($"Version {version.Number}", person.Organisation?.Name ?? db.Organisations.Find(person.OrganisationId)?.Name));
    }

    private static void AddGoal(WorkspaceDbContext db, Guid partnershipId, string userId, Guid? organisationId, DateTime at)
    {
        var goal = new Goal
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            Title = NewGoalTitle,
            Description = "Once a year, the partners tell Riverside's residents together what changed, what did not, and what they do next.",
            LeadOrganisationId = organisationId,
            OwnerUserId = userId,
            Status = GoalStatus.NotStarted,
            DueDate = DateOnly.FromDateTime(at.AddMonths(11)),
            CreatedUtc = at,
            UpdatedUtc = at,
        };
        db.Goals.Add(goal);
        db.Record(partnershipId, userId, at, nameof(Goal), goal.Id, "Created", null, goal.Title, goal.Id);
    }
}
