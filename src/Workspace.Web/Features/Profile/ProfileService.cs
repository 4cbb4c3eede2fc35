using Microsoft.EntityFrameworkCore;
using Workspace.Web.Data;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Organisations;

namespace Workspace.Web.Features.Profile;

public sealed record ProfileView(string UserId, string Email, string DisplayName, string? JobTitle, Guid? OrganisationId)
{
    /// <summary>Whether published results pages may show the person's name (off by default).</summary>
    public bool ShowNameOnPublicPages { get; init; }
}

public sealed record ProfileSummary(string DisplayName, string Email, string? OrganisationName, Workspace.Web.Features.Organisations.Sector? Sector);

public sealed class ProfileInput
{
    public string DisplayName { get; set; } = "";

    public string? JobTitle { get; set; }

    /// <summary>Off unless the person opts in: a public results page then names them, not only their organisation.</summary>
    public bool ShowNameOnPublicPages { get; set; }
}

public sealed class ProfileService(IDbContextFactory<WorkspaceDbContext> dbFactory, TimeProvider? clock = null)
{
    public async Task<ProfileView?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new ProfileView(u.Id, u.Email ?? "", u.DisplayName, u.JobTitle, u.OrganisationId) { ShowNameOnPublicPages = u.ShowNameOnPublicPages })
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<ProfileSummary?> GetSummaryAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new ProfileSummary(u.DisplayName, u.Email ?? "", u.Organisation != null ? u.Organisation.Name : null,
                u.Organisation != null ? u.Organisation.Sector : null))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<Result<ProfileView>> UpdateAsync(string userId, ProfileInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return ServiceError.NotFound;
        }

        // The organisation a person speaks for is verified elsewhere (OrganisationMembershipService), never set here.
        var rules = Validate(input);
        if (!rules.IsValid)
        {
            return rules.ToError();
        }

        var name = InputRules.Stored(input.DisplayName);
        var jobTitle = string.IsNullOrWhiteSpace(input.JobTitle) ? null : InputRules.Stored(input.JobTitle);
        if (name != user.DisplayName || jobTitle != user.JobTitle || input.ShowNameOnPublicPages != user.ShowNameOnPublicPages)
        {
            // Partners see a name change where they work with the person; the directory chain holds every change.
            var now = (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime;
            var partnerships = await OrganisationAudit.PartnershipsOfPersonAsync(db, userId, cancellationToken);
            foreach (var chain in partnerships.Prepend(OrganisationAudit.DirectoryChain))
            {
                db.Record(chain, userId, now, AccountEntity, userId, nameof(ApplicationUser.DisplayName), user.DisplayName, name);
                db.Record(chain, userId, now, AccountEntity, userId, nameof(ApplicationUser.JobTitle), user.JobTitle, jobTitle);
                db.Record(chain, userId, now, AccountEntity, userId, PublicNameField, user.ShowNameOnPublicPages.ToString(), input.ShowNameOnPublicPages.ToString());
            }
        }

        user.DisplayName = name;
        user.JobTitle = jobTitle;
        user.ShowNameOnPublicPages = input.ShowNameOnPublicPages;
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        await db.SaveChangesAsync(cancellationToken);
        return new ProfileView(user.Id, user.Email ?? "", user.DisplayName, user.JobTitle, user.OrganisationId) { ShowNameOnPublicPages = user.ShowNameOnPublicPages };
    }

    /// <summary>The entity type of records about a person's account: profile changes, sign-ins, erasure.</summary>
    public const string AccountEntity = "Account";

    /// <summary>The field of the record of a person's choice about their name on public results pages.</summary>
    public const string PublicNameField = "PublicName";

    public static InputRules Validate(ProfileInput input) => new InputRules()
        .Required(nameof(ProfileInput.DisplayName), "Your name", input.DisplayName, ApplicationUser.DisplayNameMaxLength)
        .MaxLength(nameof(ProfileInput.JobTitle), "Job title", input.JobTitle, ApplicationUser.JobTitleMaxLength);
}
