using System.Text.Json;
using Workspace.Tests.Support;
using Workspace.Web.Features.Activity;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Features.Profile;

namespace Workspace.Tests.Features.Profile;

/// <summary>A person's copy of their data, and their erasure: the pseudonym replaces them, the shared record stays.</summary>
public sealed class PersonalDataTests : ServiceTestBase
{
    private PersonalDataService NewPersonalData() => new(Db, Clock);

    [Fact]
    public async Task Export_HoldsWhatThePersonPostedAndNothingOfOthers()
    {
        var ana = Db.AddPerson("Ana Costa", "ana@example.org");
        var bo = Db.AddPerson("Bo Berg", "bo@example.org");
        var partnership = Db.AddPartnership("Safer Streets", (ana, PartnershipRole.Facilitator), (bo, PartnershipRole.Contributor));
        Db.AddLogEntry(partnership, ana, EntryKind.Note, "Ana's note");
        Db.AddLogEntry(partnership, bo, EntryKind.Note, "Bo's secret plan");

        var json = await NewPersonalData().ExportAsync(ana, Ct);

        using var document = JsonDocument.Parse(json!);
        var root = document.RootElement;
        Assert.Equal("ana@example.org", root.GetProperty("Profile").GetProperty("Email").GetString());
        Assert.Equal("Safer Streets", root.GetProperty("Partnerships")[0].GetProperty("Partnership").GetString());
        Assert.Equal(["Ana's note"], root.GetProperty("LogEntries").EnumerateArray().Select(e => e.GetProperty("Title").GetString()));
        Assert.DoesNotContain("Bo's secret plan", System.Text.Encoding.UTF8.GetString(json!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erasure_ShowsThePseudonymInHistoryAndRemovesWhatWasOnlyTheirs()
    {
        var ana = Db.AddPerson("Ana Costa", "ana@example.org");
        var bo = Db.AddPerson("Bo Berg", "bo@example.org");
        var partnership = Db.AddPartnership("Safer Streets", (ana, PartnershipRole.Facilitator), (bo, PartnershipRole.Contributor));
        var goal = Db.AddGoal(partnership, "Safer walks home");
        var saved = await NewGoalService().SaveFieldAsync(bo, partnership, goal, GoalField.Title, "Safer walks home", "Safer walks home at night", Ct);
        Assert.True(saved.Succeeded, saved.Error?.Message);
        Assert.True((await NewDraftService().SaveAsync(bo, partnership, goal, GoalField.Description, "A private draft", null, Ct)).Succeeded);
        var recordsBefore = Db.Read(db => db.ChangeRecords.Select(c => new { c.Id, c.UserId, c.NewValue }).ToList());

        var erased = await NewPersonalData().EraseAsync(bo, Ct);

        Assert.True(erased.Succeeded, erased.Error?.Message);
        var user = Db.Read(db => db.Users.Single(u => u.Id == bo));
        Assert.Equal(PersonalDataService.Pseudonym(bo), user.DisplayName);
        Assert.DoesNotContain("bo@example.org", user.Email, StringComparison.Ordinal);
        Assert.Null(user.PasswordHash);
        Assert.Equal(0, Db.Read(db => db.GoalDrafts.Count()));
        Assert.Null(Db.RoleOf(partnership, bo));

        // Every earlier record is untouched; the history shows the pseudonym, not the name.
        var recordsAfter = Db.Read(db => db.ChangeRecords.Select(c => new { c.Id, c.UserId, c.NewValue }).ToList());
        Assert.Equal(recordsBefore, recordsAfter.Take(recordsBefore.Count));
        await using (var db = Db.CreateDbContext())
        {
            Assert.True((await Workspace.Web.Data.AuditVerifier.VerifyAsync(db, partnership, Ct)).IsIntact);
            Assert.True((await Workspace.Web.Data.AuditVerifier.VerifyAsync(db, Guid.Empty, Ct)).IsIntact);
        }

        var activity = await new ActivityService(Db).ListAsync(ana, partnership, cancellationToken: Ct);
        Assert.Contains(activity.Value!, a => a.ActorName == PersonalDataService.Pseudonym(bo));
        Assert.DoesNotContain(activity.Value!, a => a.ActorName.Contains("Bo Berg", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheOnlyFacilitatorOfAPartnershipWithOthers_MustHandOverBeforeErasure()
    {
        var ana = Db.AddPerson("Ana Costa", "ana@example.org");
        var bo = Db.AddPerson("Bo Berg", "bo@example.org");
        Db.AddPartnership("Safer Streets", (ana, PartnershipRole.Facilitator), (bo, PartnershipRole.Contributor));

        var result = await NewPersonalData().EraseAsync(ana, Ct);

        Assert.Equal(ErrorKind.Conflict, result.Error?.Kind);
        Assert.Contains("Safer Streets", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal("Ana Costa", Db.Read(db => db.Users.Single(u => u.Id == ana).DisplayName));
    }
}
