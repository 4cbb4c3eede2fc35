using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Organisations;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Hosting;

/// <summary>Sign-ins, failed sign-ins and downloads reach the audit trail through the whole app, as a browser makes them.</summary>
public sealed class SignInAuditTests
{
    private const string Email = "ana@example.org";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<ChangeRecord>> RecordsAsync(TestApp app, string entityType)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>().CreateDbContextAsync(Ct);
        return await db.ChangeRecords.Where(c => c.EntityType == entityType).OrderBy(c => c.Id).ToListAsync(Ct);
    }

    [Fact]
    public async Task WrongPasswordThenRightOne_RecordsAFailureThenASignIn_OnTheDirectoryChain()
    {
        await using var app = new TestApp("Development");
        var ana = await app.AddPersonAsync(Email, HttpForms.Password);
        var browser = app.NewBrowser();

        using (var wrong = await browser.SubmitAsync("Account/Login", "login", new Dictionary<string, string> { ["Input.Email"] = Email, ["Input.Password"] = "Not-The-Password-1!" }))
        using (var unknown = await browser.SubmitAsync("Account/Login", "login", new Dictionary<string, string> { ["Input.Email"] = "nobody@example.org", ["Input.Password"] = "Typed-Secret-2!" }))
        {
            Assert.NotEqual(HttpStatusCode.Redirect, wrong.StatusCode);
            Assert.NotEqual(HttpStatusCode.Redirect, unknown.StatusCode);
        }

        await browser.SignInAsync(Email);

        var records = await RecordsAsync(app, "Account");
        Assert.Equal([("SignInFailed", "WrongPassword"), ("SignedIn", "Succeeded")], records.Select(r => (r.Field, r.NewValue)));
        Assert.All(records, r => Assert.Equal((OrganisationAudit.DirectoryChain, ana, ana), (r.PartnershipId, r.UserId, r.EntityId)));
        Assert.DoesNotContain(records, r => $"{r.OldValue}{r.NewValue}".Contains("Secret", StringComparison.Ordinal) || $"{r.OldValue}{r.NewValue}".Contains("Not-The", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExportDownload_RecordsWhoDownloadedWhich_AndANonMemberRecordsNothing()
    {
        await using var app = new TestApp("Development");
        var ana = await app.AddPersonAsync(Email, HttpForms.Password);
        await app.AddPersonAsync("olly@example.org", HttpForms.Password);
        var partnership = ((TestDatabase)app.Services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>()).AddPartnership("Safer Streets", (ana, PartnershipRole.Contributor));
        var member = app.NewBrowser();
        var stranger = app.NewBrowser();
        await member.SignInAsync(Email);
        await stranger.SignInAsync("olly@example.org");

        using var refused = await stranger.GetAsync(new Uri($"api/partnerships/{partnership}/export/goals.csv", UriKind.Relative), Ct);
        using var download = await member.GetAsync(new Uri($"api/partnerships/{partnership}/export/goals.csv", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var record = Assert.Single(await RecordsAsync(app, "Export"));
        Assert.Equal((partnership, ana, "Downloaded", "goals (CSV)"), (record.PartnershipId, record.UserId, record.Field, record.NewValue));
    }
}
