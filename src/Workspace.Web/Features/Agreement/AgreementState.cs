using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Web.Features.Agreement;

/// <summary>
/// One partnership's agreement as stored, read once, and the rules that turn it into what a viewer sees:
/// which sections changed since the current version, what made that version out of date, and where each
/// partner organisation's sign-off stands.
/// </summary>
internal sealed class AgreementState
{
    private AgreementState()
    {
    }

    public required List<AgreementSection> SectionRows { get; init; }

    public required List<SectionView> Sections { get; init; }

    public required List<AgreementVersion> Versions { get; init; }

    public AgreementVersion? Current => Versions.Count == 0 ? null : Versions[0];

    public required List<(Guid Id, string Name, Sector Sector)> Partners { get; init; }

    public required List<AgreementSignature> Signatures { get; init; }

    public required List<OutOfDateReason> OutOfDate { get; init; }

    public required Dictionary<string, string> Names { get; init; }

    public static async Task<AgreementState> LoadAsync(WorkspaceDbContext db, Guid partnershipId, CancellationToken cancellationToken)
    {
        var rows = await db.AgreementSections.Where(s => s.PartnershipId == partnershipId).ToListAsync(cancellationToken);
        var versions = await db.AgreementVersions.Where(v => v.PartnershipId == partnershipId).OrderByDescending(v => v.Number).ToListAsync(cancellationToken);
        var signatures = await db.AgreementSignatures.Where(s => s.PartnershipId == partnershipId).OrderByDescending(s => s.SignedUtc).ToListAsync(cancellationToken);
        var partners = (await db.Memberships.Where(m => m.PartnershipId == partnershipId && m.User!.OrganisationId != null)
                .Select(m => new { m.User!.Organisation!.Id, m.User.Organisation.Name, m.User.Organisation.Sector })
                .Distinct().ToListAsync(cancellationToken))
            .OrderBy(p => p.Name, StringComparer.CurrentCulture).Select(p => (p.Id, p.Name, p.Sector)).ToList();

        var current = versions.FirstOrDefault();
        var issued = current is null ? [] : AgreementSnapshot.Sections(current.SectionsJson);
        var people = rows.Select(r => r.UpdatedByUserId).Concat(versions.Select(v => v.IssuedByUserId)).Distinct().ToList();
        var names = await db.Users.Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var sections = Enum.GetValues<AgreementSectionKind>().Select(kind =>
        {
            var row = rows.FirstOrDefault(r => r.Kind == kind);
            var text = row?.Text ?? "";
            return new SectionView(kind, text, row?.Version ?? 0, row is null ? null : names.GetValueOrDefault(row.UpdatedByUserId), row?.UpdatedUtc,
                text != issued.GetValueOrDefault(kind, ""));
        }).ToList();

        return new AgreementState
        {
            SectionRows = rows,
            Sections = sections,
            Versions = versions,
            Partners = partners,
            Signatures = signatures,
            OutOfDate = current is null ? [] : await OutOfDateAsync(db, partnershipId, current, partners, cancellationToken),
            Names = names,
        };
    }

    /// <summary>
    /// What the current version relies on that changed after it was issued: a new shared goal, a partner
    /// organisation that joined, one that left, a change to how majority decisions count.
    /// </summary>
    private static async Task<List<OutOfDateReason>> OutOfDateAsync(WorkspaceDbContext db, Guid partnershipId, AgreementVersion current,
        List<(Guid Id, string Name, Sector Sector)> partners, CancellationToken cancellationToken)
    {
        var since = current.IssuedUtc;
        var reasons = (await db.Goals.Where(g => g.PartnershipId == partnershipId && g.CreatedUtc > since)
                .Select(g => new { g.CreatedUtc, g.Title }).ToListAsync(cancellationToken))
            .Select(g => new OutOfDateReason(g.CreatedUtc, $"New shared goal “{g.Title}”")).ToList();

        var then = AgreementSnapshot.Partners(current.PartnersJson);
        foreach (var joined in partners.Where(p => !then.Contains(p.Id)))
        {
            var at = await db.Memberships.Where(m => m.PartnershipId == partnershipId && m.User!.OrganisationId == joined.Id)
                .MinAsync(m => (DateTime?)m.JoinedUtc, cancellationToken) ?? since;
            reasons.Add(new OutOfDateReason(at > since ? at : since, $"{joined.Name} joined the partnership"));
        }

        var left = then.Where(id => !partners.Any(p => p.Id == id)).ToList();
        if (left.Count > 0)
        {
            // Leaving is recorded per person; the last departure after the version stands for the organisation's.
            var lastDeparture = await db.ChangeRecords
                .Where(c => c.PartnershipId == partnershipId && c.EntityType == nameof(Membership) && c.AtUtc > since && (c.NewValue == "Left" || c.NewValue == "Removed"))
                .MaxAsync(c => (DateTime?)c.AtUtc, cancellationToken) ?? since;
            var names = await db.Organisations.Where(o => left.Contains(o.Id)).Select(o => o.Name).ToListAsync(cancellationToken);
            reasons.AddRange(names.Select(name => new OutOfDateReason(lastDeparture, $"{name} left the partnership")));
        }

        // How decisions are made is part of the agreement: a change to how majorities count dates it.
        var countingChanges = await db.ChangeRecords
            .Where(c => c.PartnershipId == partnershipId && c.EntityType == nameof(Partnership) && c.Field == nameof(Partnership.DecisionCounting) && c.AtUtc > since)
            .Select(c => new { c.AtUtc, c.NewValue }).ToListAsync(cancellationToken);
        reasons.AddRange(countingChanges.Select(c => new OutOfDateReason(c.AtUtc,
            $"Majority decisions now count {(c.NewValue == nameof(DecisionCounting.EachOrganisation) ? "each partner organisation" : "each member")}")));

        return [.. reasons.OrderBy(r => r.AtUtc)];
    }

    public AgreementView ToView(PartnershipRole role, Guid? viewerOrganisationId)
    {
        var lastChange = OutOfDate.Count == 0 ? (DateTime?)null : OutOfDate.Max(r => r.AtUtc);
        var partners = Partners.Select(p => SignOff(p, lastChange)).ToList();
        var mine = partners.FirstOrDefault(p => p.OrganisationId == viewerOrganisationId);
        // Every member who speaks for a partner organisation may sign for it, observers too: the consent is the organisation's.
        string? whyNot = (Current, viewerOrganisationId, mine) switch
        {
            (null, _, _) => "No version has been issued yet.",
            (_, null, _) => "Your account does not speak for an organisation yet, so you cannot sign for one. Join your organisation from your profile.",
            (_, _, null) => "Your organisation is not a partner here.",
            (_, _, { State: SignOffState.UpToDate }) => $"{mine.Name} has signed version {Current.Number}.",
            _ => null,
        };
        var can = new AgreementPermissions(
            Edit: role >= PartnershipRole.Contributor,
            Issue: role == PartnershipRole.Facilitator,
            SignFor: whyNot is null ? mine!.OrganisationId : null,
            SignForName: mine?.Name,
            WhyNotSign: whyNot);
        var current = Current is null
            ? null
            : new IssuedVersion(Current.Number, Current.IssuedUtc, Names.GetValueOrDefault(Current.IssuedByUserId, "A former member"), Current.Note,
                AgreementSnapshot.Sections(Current.SectionsJson));
        var versions = Versions.Select(v => new VersionSummary(v.Number, v.IssuedUtc, Names.GetValueOrDefault(v.IssuedByUserId, "A former member"), v.Note,
            Signatures.Where(s => s.VersionId == v.Id).Select(s => s.OrganisationId).Distinct().Count())).ToList();
        return new AgreementView(Sections, current, versions, partners, OutOfDate, can);
    }

    private PartnerSignOff SignOff((Guid Id, string Name, Sector Sector) partner, DateTime? lastChange)
    {
        var latest = Signatures.FirstOrDefault(s => s.OrganisationId == partner.Id);
        if (latest is null)
        {
            return new PartnerSignOff(partner.Id, partner.Name, partner.Sector, SignOffState.NotSigned, null, null, null, null);
        }

        var version = Versions.Single(v => v.Id == latest.VersionId).Number;
        var state = version != Current!.Number ? SignOffState.EarlierVersion
            : lastChange is { } changed && latest.SignedUtc <= changed ? SignOffState.ToReconfirm
            : SignOffState.UpToDate;
        return new PartnerSignOff(partner.Id, partner.Name, partner.Sector, state, version, latest.SignerName, latest.SignerRole, latest.SignedUtc);
    }
}
