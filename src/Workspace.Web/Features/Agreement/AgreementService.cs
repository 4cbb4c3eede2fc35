using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Notifications;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Agreement;

/// <summary>
/// The partnering agreement: sections partners write together, versions a facilitator issues, and each
/// partner organisation's sign-off given by one of its people. Whether the current version is out of
/// date is worked out from what changed after it was issued, so nothing has to remember to flag it.
/// </summary>
public sealed class AgreementService(IDbContextFactory<WorkspaceDbContext> dbFactory, IPartnershipEvents events, TimeProvider clock, CoTypingService coTyping)
{
    public const string SectionEntity = nameof(AgreementSection);
    public const string VersionEntity = nameof(AgreementVersion);
    public const string SignatureEntity = nameof(AgreementSignature);

    public async Task<Result<AgreementView>> GetAsync(string? userId, Guid partnershipId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var role = await db.RoleOfAsync(partnershipId, userId, cancellationToken);
        if (role is null)
        {
            return ServiceError.NotFound;
        }

        var state = await AgreementState.LoadAsync(db, partnershipId, cancellationToken);
        var user = await db.Users.Where(u => u.Id == userId).Select(u => new { u.OrganisationId }).SingleAsync(cancellationToken);
        return state.ToView(role.Value, user.OrganisationId);
    }

    /// <summary>
    /// Saves one section's working text against the version the edit started from, so an edit made
    /// meanwhile by someone else is not overwritten: the caller is told, and keeps what they typed.
    /// </summary>
    public async Task<Result<SectionView>> SaveSectionAsync(string userId, Guid partnershipId, AgreementSectionKind kind, string? text, long expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Contributor, "edit the agreement", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        if (!Enum.IsDefined(kind))
        {
            return ServiceError.Invalid("Kind", "Choose one of the agreement's sections.");
        }

        var rules = new InputRules().MarkdownMaxLength("Text", kind.ToText(), text, AgreementSection.TextMaxLength);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var stored = InputRules.StoredMarkdown(text);
        var now = clock.GetUtcNow().UtcDateTime;
        var section = await db.AgreementSections.FirstOrDefaultAsync(s => s.PartnershipId == partnershipId && s.Kind == kind, cancellationToken);
        if ((section?.Version ?? 0) != expectedVersion)
        {
            return await ChangedMeanwhileAsync(db, section, cancellationToken);
        }

        var before = section?.Text ?? "";
        if (before == stored)
        {
            return await SectionViewAsync(db, partnershipId, section, kind, cancellationToken);
        }

        if (section is null)
        {
            section = new AgreementSection { Id = Guid.NewGuid(), PartnershipId = partnershipId, Kind = kind };
            db.AgreementSections.Add(section);
        }

        section.Text = stored;
        section.UpdatedUtc = now;
        section.UpdatedByUserId = userId;
        db.Record(partnershipId, userId, now, SectionEntity, kind, nameof(AgreementSection.Text), before, stored);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!StorageFaults.IsBusy(e))
        {
            // A concurrent save of the same section (or its first save from two tabs) committed first.
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await ChangedMeanwhileAsync(fresh, await fresh.AgreementSections.FirstOrDefaultAsync(s => s.PartnershipId == partnershipId && s.Kind == kind, cancellationToken), cancellationToken);
        }

        await events.PublishAsync(new AgreementChanged(partnershipId, userId), cancellationToken);

        // The section is co-typed: open editors take the whole save now, not at their next keystroke.
        await coTyping.AdoptAsync(userId, partnershipId, CoText.AgreementSection(kind), partnershipId, cancellationToken);
        return await SectionViewAsync(db, partnershipId, section, kind, cancellationToken);
    }

    /// <summary>Issues the working text as the next version, for every partner organisation to sign off.</summary>
    public async Task<Result<VersionSummary>> IssueAsync(string userId, Guid partnershipId, string? note, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Facilitator, "issue a version of the agreement", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var rules = new InputRules().MaxLength("Note", "What changed", note, AgreementVersion.NoteMaxLength);
        var state = await AgreementState.LoadAsync(db, partnershipId, cancellationToken);
        rules.Check(state.Sections.Any(s => s.Text.Length > 0), "Sections", "Write at least one section before issuing a version.")
            .Check(state.Current is null || state.Sections.Any(s => s.ChangedSinceIssued), "Sections",
                $"Nothing has changed since version {state.Current?.Number}. Edit a section first, or ask partners to re-confirm the current version.");
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var version = new AgreementVersion
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            Number = (state.Current?.Number ?? 0) + 1,
            IssuedUtc = now,
            IssuedByUserId = userId,
            Note = InputRules.Stored(note),
            SectionsJson = AgreementSnapshot.Sections(state.SectionRows),
            PartnersJson = AgreementSnapshot.Partners(state.Partners.Select(p => p.Id)),
        };
        db.AgreementVersions.Add(version);
        db.Record(partnershipId, userId, now, VersionEntity, version.Number, "Issued", null, version.Note.Length > 0 ? version.Note : $"Version {version.Number}");
        await Notify.AgreementIssuedAsync(db, partnershipId, userId, version.Number, now, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!StorageFaults.IsBusy(e))
        {
            return ServiceError.Conflict($"Version {version.Number} was issued by someone else a moment ago. Reload to read it.");
        }

        await events.PublishAsync(new AgreementChanged(partnershipId, userId), cancellationToken);
        await Notify.AnnounceAsync(events, db, cancellationToken);
        var issuer = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
        return new VersionSummary(version.Number, now, issuer, version.Note, 0);
    }

    /// <summary>
    /// Signs the current version for the caller's organisation, or re-confirms it after something it relies
    /// on changed. Any member who speaks for a partner organisation may (observers too: the consent is the
    /// organisation's), and only for that organisation.
    /// </summary>
    public async Task<Result<PartnerSignOff>> SignAsync(string userId, Guid partnershipId, int versionNumber, string? signerRole, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var access = await db.RequireRoleAsync(partnershipId, userId, PartnershipRole.Observer, "sign the agreement", cancellationToken);
        if (!access.Succeeded)
        {
            return access.Error!;
        }

        var rules = new InputRules().Required("SignerRole", "Your role", signerRole, AgreementSignature.RoleMaxLength);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var state = await AgreementState.LoadAsync(db, partnershipId, cancellationToken);
        var user = await db.Users.Where(u => u.Id == userId).Select(u => new { u.DisplayName, u.OrganisationId }).SingleAsync(cancellationToken);
        var view = state.ToView(access.Value, user.OrganisationId);
        if (state.Current is null)
        {
            return ServiceError.Conflict("No version has been issued yet, so there is nothing to sign.");
        }

        if (versionNumber != state.Current.Number)
        {
            return ServiceError.Conflict($"Version {state.Current.Number} has been issued since you opened version {versionNumber}. Read it before signing.");
        }

        if (view.Can.SignFor is not { } organisationId)
        {
            return ServiceError.Forbidden(view.Can.WhyNotSign ?? "You cannot sign for an organisation here.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var signature = new AgreementSignature
        {
            Id = Guid.NewGuid(),
            PartnershipId = partnershipId,
            VersionId = state.Current.Id,
            OrganisationId = organisationId,
            UserId = userId,
            SignerName = user.DisplayName,
            SignerRole = InputRules.Stored(signerRole),
            SignedUtc = now,
        };
        db.AgreementSignatures.Add(signature);
        var reconfirming = view.Partners.Single(p => p.OrganisationId == organisationId).State == SignOffState.ToReconfirm;
        db.Record(partnershipId, userId, now, SignatureEntity, organisationId, reconfirming ? "Reconfirmed" : "Signed",
            null, AuditTrail.Join($"Version {state.Current.Number}", view.Can.SignForName));
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(new AgreementChanged(partnershipId, userId), cancellationToken);
        var partner = view.Partners.Single(p => p.OrganisationId == organisationId);
        return partner with { State = SignOffState.UpToDate, SignedVersion = state.Current.Number, SignerName = signature.SignerName, SignerRole = signature.SignerRole, SignedUtc = now };
    }

    /// <summary>Two versions side by side; <paramref name="to"/> null compares with the working text.</summary>
    public async Task<Result<VersionComparison>> CompareAsync(string? userId, Guid partnershipId, int from, int? to, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null)
        {
            return ServiceError.NotFound;
        }

        var numbers = to is { } number ? new[] { from, number } : [from];
        var versions = await db.AgreementVersions.Where(v => v.PartnershipId == partnershipId && numbers.Contains(v.Number))
            .ToDictionaryAsync(v => v.Number, v => AgreementSnapshot.Sections(v.SectionsJson), cancellationToken);
        if (versions.Count != numbers.Distinct().Count())
        {
            return ServiceError.NotFound;
        }

        var after = to is { } toNumber
            ? versions[toNumber]
            : await db.AgreementSections.Where(s => s.PartnershipId == partnershipId).ToDictionaryAsync(s => s.Kind, s => s.Text, cancellationToken);
        var before = versions[from];
        return new VersionComparison(from, to ?? 0, [.. Enum.GetValues<AgreementSectionKind>()
            .Select(kind => new SectionComparison(kind, before.GetValueOrDefault(kind, ""), after.GetValueOrDefault(kind, "")))]);
    }

    /// <summary>A version as a document (the current one when <paramref name="number"/> is null), with its signatures.</summary>
    public async Task<Result<AgreementDocument>> DocumentAsync(string? userId, Guid partnershipId, int? number, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await DocumentAsync(db, userId, partnershipId, number, cancellationToken);
    }

    /// <summary>The document for a download, recorded in the audit trail like every export.</summary>
    public async Task<Result<AgreementDocument>> DownloadAsync(string? userId, Guid partnershipId, int? number, string format, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var document = await DocumentAsync(db, userId, partnershipId, number, cancellationToken);
        if (document.Value is { } found)
        {
            db.Record(partnershipId, userId, clock.GetUtcNow().UtcDateTime, Exports.ExportService.ExportEntity, partnershipId, "Downloaded", null,
                $"agreement, version {found.Number} ({format})");
            await db.SaveChangesAsync(cancellationToken);
        }

        return document;
    }

    private static async Task<Result<AgreementDocument>> DocumentAsync(WorkspaceDbContext db, string? userId, Guid partnershipId, int? number, CancellationToken cancellationToken)
    {
        if (await db.RoleOfAsync(partnershipId, userId, cancellationToken) is null)
        {
            return ServiceError.NotFound;
        }

        var versions = db.AgreementVersions.Where(v => v.PartnershipId == partnershipId);
        var version = number is { } wanted
            ? await versions.FirstOrDefaultAsync(v => v.Number == wanted, cancellationToken)
            : await versions.OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);
        if (version is null)
        {
            return ServiceError.NotFound;
        }

        var latest = await versions.MaxAsync(v => v.Number, cancellationToken);
        var name = await db.Partnerships.Where(p => p.Id == partnershipId).Select(p => p.Name).SingleAsync(cancellationToken);
        var issuer = await db.Users.Where(u => u.Id == version.IssuedByUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? "A former member";
        var signed = await db.AgreementSignatures.Where(s => s.VersionId == version.Id)
            .Join(db.Organisations, s => s.OrganisationId, o => o.Id, (s, o) => new { o.Name, s.SignerName, s.SignerRole, s.SignedUtc })
            .ToListAsync(cancellationToken);

        // An organisation's later signature of the same version re-confirms it.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var signatures = signed.OrderBy(s => s.SignedUtc)
            .Select(s => new DocumentSignature(s.Name, s.SignerName, s.SignerRole, s.SignedUtc, Reconfirmation: !seen.Add(s.Name)))
            .ToList();
        var sections = AgreementSnapshot.Sections(version.SectionsJson);
        return new AgreementDocument(name, version.Number, version.IssuedUtc, issuer, version.Note,
            [.. Enum.GetValues<AgreementSectionKind>().Where(sections.ContainsKey).Select(kind => (kind, sections[kind]))],
            signatures, version.Number == latest);
    }

    private static async Task<ServiceError> ChangedMeanwhileAsync(WorkspaceDbContext db, AgreementSection? section, CancellationToken cancellationToken)
    {
        var who = section is null ? "Someone" : await db.Users.Where(u => u.Id == section.UpdatedByUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? "Someone";
        return ServiceError.Conflict($"{who} changed this section while you were editing it. What you typed is still here: compare it with theirs, then save again.");
    }

    private static async Task<Result<SectionView>> SectionViewAsync(WorkspaceDbContext db, Guid partnershipId, AgreementSection? section, AgreementSectionKind kind, CancellationToken cancellationToken)
    {
        var current = await db.AgreementVersions.Where(v => v.PartnershipId == partnershipId).OrderByDescending(v => v.Number)
            .Select(v => v.SectionsJson).FirstOrDefaultAsync(cancellationToken);
        var issued = current is null ? "" : AgreementSnapshot.Sections(current).GetValueOrDefault(kind, "");
        var by = section is null ? null : await db.Users.Where(u => u.Id == section.UpdatedByUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        var text = section?.Text ?? "";
        return new SectionView(kind, text, section?.Version ?? 0, by, section?.UpdatedUtc, text != issued);
    }
}
