using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Dialogue;

/// <summary>An entry that breaks a rule is refused with a message on the field, and leaves no trace.</summary>
public sealed class LogValidationTests : ServiceTestBase
{
    private readonly string _anna;
    private readonly Guid _partnership;

    public LogValidationTests()
    {
        _anna = Db.AddPerson("Anna Archer");
        _partnership = Db.AddPartnership("Safer Streets", (_anna, PartnershipRole.Contributor));
    }

    public static TheoryData<EntryInput, string, string> InvalidEntries => new()
    {
        { new EntryInput { Title = "" }, nameof(EntryInput.Title), "Title is required." },
        { new EntryInput { Title = "   " }, nameof(EntryInput.Title), "Title is required." },
        { new EntryInput { Kind = EntryKind.Decision, Title = " " }, nameof(EntryInput.Title), "Proposal is required." },
        { new EntryInput { Title = new string('t', 201) }, nameof(EntryInput.Title), "Title must be 200 characters or fewer (it has 201)." },
        { new EntryInput { Title = "Note", Body = new string('b', 20_001) }, nameof(EntryInput.Body), "Text must be 20000 characters or fewer (it has 20001)." },
        { new EntryInput { Kind = (EntryKind)9, Title = "Note" }, nameof(EntryInput.Kind), "Choose a valid kind." },
        {
            new EntryInput { Kind = EntryKind.Decision, Title = "Pilot the app", DeadlineUtc = new DateTime(2026, 3, 2, 8, 59, 0, DateTimeKind.Utc) },
            nameof(EntryInput.DeadlineUtc), "The deadline has already passed: choose a date and time in the future."
        },
        { new EntryInput { Kind = EntryKind.Action, Title = "Share the data" }, nameof(EntryInput.AssigneeUserId), "Choose who will do it." },
        { new EntryInput { Kind = EntryKind.Risk, Title = "Funding gap", Likelihood = 0, Impact = 3 }, nameof(EntryInput.Likelihood), "Choose a likelihood from 1 (rare) to 5 (almost certain)." },
        { new EntryInput { Kind = EntryKind.Risk, Title = "Funding gap", Likelihood = 6, Impact = 3 }, nameof(EntryInput.Likelihood), "Choose a likelihood from 1 (rare) to 5 (almost certain)." },
        { new EntryInput { Kind = EntryKind.Risk, Title = "Funding gap", Likelihood = 3 }, nameof(EntryInput.Impact), "Choose an impact from 1 (minor) to 5 (severe)." },
    };

    [Theory]
    [MemberData(nameof(InvalidEntries))]
    public async Task InvalidEntry_IsRefusedOnTheFieldAndLeavesNoTrace(EntryInput input, string field, string message)
    {
        var result = await NewLogService().PostAsync(_anna, _partnership, input, Ct);

        AssertRefused(result, field, message);
    }

    [Fact]
    public async Task ActionAssignedToANonMember_IsRefused()
    {
        var outsider = Db.AddPerson("Olly Outsider");

        var result = await NewLogService().PostAsync(_anna, _partnership,
            new EntryInput { Kind = EntryKind.Action, Title = "Share the data", AssigneeUserId = outsider }, Ct);

        AssertRefused(result, nameof(EntryInput.AssigneeUserId), "The assignee must be a member of this partnership.");
    }

    [Fact]
    public async Task RiskOwnedByANonMember_IsRefused()
    {
        var outsider = Db.AddPerson("Olly Outsider");

        var result = await NewLogService().PostAsync(_anna, _partnership,
            new EntryInput { Kind = EntryKind.Risk, Title = "Funding gap", Likelihood = 2, Impact = 4, RiskOwnerUserId = outsider }, Ct);

        AssertRefused(result, nameof(EntryInput.RiskOwnerUserId), "The owner must be a member of this partnership.");
    }

    [Fact]
    public async Task ValuesAtTheLimits_AreSaved()
    {
        var log = NewLogService();

        var note = await log.PostAsync(_anna, _partnership, new EntryInput { Title = new string('t', 200), Body = new string('b', 20_000) }, Ct);
        var risk = await log.PostAsync(_anna, _partnership, new EntryInput { Kind = EntryKind.Risk, Title = "Low", Likelihood = 1, Impact = 1 }, Ct);
        var highRisk = await log.PostAsync(_anna, _partnership, new EntryInput { Kind = EntryKind.Risk, Title = "High", Likelihood = 5, Impact = 5 }, Ct);

        Assert.All(new Result[] { note, risk, highRisk }, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(25, highRisk.Value!.RiskScore);
        Assert.Equal(3, Db.Read(db => db.LogEntries.Count()));
    }

    [Fact]
    public async Task HtmlInTheBody_IsStoredAsTextUnchanged()
    {
        const string body = "<script>alert('x')</script> <img src=x onerror=alert(1)> **bold** & <b>done</b>";

        var posted = await NewLogService().PostAsync(_anna, _partnership, new EntryInput { Title = "<i>Markup</i> in titles", Body = body }, Ct);
        var detail = await NewLogService().GetAsync(_anna, _partnership, posted.Value!.Id, Ct);

        Assert.Equal(body, detail.Value!.Entry.Body);
        Assert.Equal("<i>Markup</i> in titles", detail.Value.Entry.Title);
        Assert.Equal(body, Db.Read(db => db.LogEntries.Single().Body));
    }

    [Fact]
    public async Task ConcernWithoutAReason_IsRefused()
    {
        var decision = Db.AddLogEntry(_partnership, _anna, EntryKind.Decision, "Pilot the app");
        var decisions = NewDecisionService();

        var concerns = await decisions.TakePositionAsync(_anna, _partnership, decision, Position.Concerns, "  ", Ct);
        var objects = await decisions.TakePositionAsync(_anna, _partnership, decision, Position.Objects, null, Ct);

        Assert.All(new Result[] { concerns, objects }, r =>
        {
            Assert.Equal(ErrorKind.Validation, r.Error?.Kind);
            Assert.Equal("Say why: concerns and objections need a reason so partners can respond.", r.Error!.For("Reason"));
        });
        AssertNothingStored(entries: 1);
    }

    [Fact]
    public async Task EmptyReplyOrOutcome_IsRefused()
    {
        var fran = Db.AddPerson("Fran Facilitator");
        Db.AddMember(_partnership, fran, PartnershipRole.Facilitator);
        var decision = Db.AddLogEntry(_partnership, _anna, EntryKind.Decision, "Pilot the app");
        var replies = NewReplyService();
        var decisions = NewDecisionService();

        var reply = await replies.ReplyAsync(_anna, _partnership, decision, " ", [], Ct);
        var close = await decisions.CloseDecisionAsync(fran, _partnership, decision, "", Ct);

        Assert.Equal("Reply is required.", reply.Error?.For("Body"));
        Assert.Equal("Outcome is required.", close.Error?.For("Outcome"));
        Assert.Null(Db.Read(db => db.LogEntries.Single().ClosedUtc));
        AssertNothingStored(entries: 1);
    }

    private void AssertRefused(Result result, string field, string message)
    {
        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal(message, result.Error!.For(field));
        AssertNothingStored(entries: 0);
    }

    private void AssertNothingStored(int entries)
    {
        Assert.Equal(entries, Db.Read(db => db.LogEntries.Count()));
        Assert.Equal(0, Db.Read(db => db.ChangeRecords.Count()));
        Assert.Equal(0, Db.Read(db => db.LogMentions.Count() + db.LogReplies.Count() + db.DecisionPositions.Count()));
        Assert.Empty(Events.Published);
    }
}
