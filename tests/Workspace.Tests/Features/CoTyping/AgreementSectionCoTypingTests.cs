using Workspace.Tests.Support;
using Workspace.Web.Features.Agreement;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.CoTyping;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.CoTyping;

/// <summary>
/// Co-typing a section of the partnering agreement: the section's working text is the owner's column, kept in step
/// with its version token, and a person's run is one change of the section in the audit trail, as a whole save is.
/// </summary>
public sealed class AgreementSectionCoTypingTests : ServiceTestBase
{
    private const string Start = "We share one vision.";
    private const AgreementSectionKind Vision = AgreementSectionKind.Vision;

    private readonly string _anna;
    private readonly string _ben;
    private readonly string _fay;
    private readonly string _olga;
    private readonly string _nina;
    private readonly Guid _partnership;
    private readonly Guid _other;

    public AgreementSectionCoTypingTests()
        : base(TestDatabase.OnFile())
    {
        _anna = Db.AddPerson("Anna Archer");
        _ben = Db.AddPerson("Ben Baker");
        _fay = Db.AddPerson("Fay Facilitator");
        _olga = Db.AddPerson("Olga Observer");
        _nina = Db.AddPerson("Nina Neighbour");
        _partnership = Db.AddPartnership("Clean Rivers",
            (_anna, PartnershipRole.Contributor), (_ben, PartnershipRole.Contributor), (_fay, PartnershipRole.Facilitator), (_olga, PartnershipRole.Observer));
        _other = Db.AddPartnership("Clean Air", (_nina, PartnershipRole.Facilitator));
    }

    private CoTypingService NewService() => new(Db, Events, Clock);

    private AgreementService NewAgreementService() => new(Db, Events, Clock, NewService());

    private static string Insert(int at, string text, int length) => new TextOperation().Retain(at).Insert(text).Retain(length - at).ToJson();

    private async Task<long> SaveSectionAsync(string text, long expectedVersion = 0)
    {
        var saved = await NewAgreementService().SaveSectionAsync(_fay, _partnership, Vision, text, expectedVersion, Ct);
        Assert.True(saved.Succeeded, saved.Error?.Message);
        return saved.Value!.Version;
    }

    private async Task<CoTextState> OpenAsync(string? user = null) => (await NewService().OpenAgreementSectionAsync(user ?? _anna, _partnership, Vision, Ct)).Value!;

    private AgreementSection? Section() => Db.Read(db => db.AgreementSections.SingleOrDefault(s => s.PartnershipId == _partnership && s.Kind == Vision));

    [Fact]
    public async Task Open_StartsFromTheSectionsWorkingText_AndSaysWhoMayType()
    {
        await SaveSectionAsync(Start);

        var anna = await OpenAsync();
        var olga = await OpenAsync(_olga);

        Assert.Equal((Start, 0L, true, CoText.AgreementSection(Vision), _partnership, AgreementSection.TextMaxLength),
            (anna.Text, anna.Revision, anna.CanType, anna.OwnerKind, anna.OwnerId, anna.MaxLength));
        Assert.Equal(anna.TextId, olga.TextId);
        Assert.False(olga.CanType);
        Assert.Contains("edit the agreement", olga.WhyNotType, StringComparison.Ordinal);
        Assert.Equal(ErrorKind.NotFound, (await NewService().OpenAgreementSectionAsync(_nina, _partnership, Vision, Ct)).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await NewService().OpenAgreementSectionAsync(_anna, _partnership, (AgreementSectionKind)99, Ct)).Error!.Kind);
    }

    [Fact]
    public async Task ASectionNotWrittenYet_OpensEmpty_AndTheFirstOperationCreatesIt()
    {
        var text = await OpenAsync();
        Assert.Equal(("", (AgreementSection?)null), (text.Text, Section()));

        var ack = await NewService().SubmitAsync(_anna, text.TextId, 0, "[\"Shared goals first.\"]", "anna", 1, Ct);

        Assert.True(ack.Succeeded, ack.Error?.Message);
        var section = Section()!;
        Assert.Equal(("Shared goals first.", _anna, 1L), (section.Text, section.UpdatedByUserId, section.Version));
        var view = (await NewAgreementService().GetAsync(_olga, _partnership, Ct)).Value!;
        Assert.Equal("Shared goals first.", view.Sections.Single(s => s.Kind == Vision).Text);
    }

    [Fact]
    public async Task Submit_SavesIntoTheSection_MovesItsVersion_AndPublishes()
    {
        var version = await SaveSectionAsync(Start);
        var text = await OpenAsync();

        var ack = await NewService().SubmitAsync(_anna, text.TextId, 0, Insert(12, " clear", Start.Length), "anna", 1, Ct);

        Assert.True(ack.Succeeded, ack.Error?.Message);
        Assert.Equal(("We share one clear vision.", version + 1), (Section()!.Text, Section()!.Version));
        var published = Assert.IsType<CoTextChanged>(Events.Published[^1]);
        Assert.Equal((CoText.AgreementSection(Vision), _partnership, 1L), (published.OwnerKind, published.OwnerId, published.Revision));
    }

    [Fact]
    public async Task TwoPeopleFromTheSameRevision_BothKeepTheirTyping()
    {
        await SaveSectionAsync(Start);
        var text = await OpenAsync();

        await NewService().SubmitAsync(_anna, text.TextId, 0, Insert(0, "Together: ", Start.Length), "anna", 1, Ct);
        var ben = await NewService().SubmitAsync(_ben, text.TextId, 0, Insert(Start.Length - 1, " for 2030", Start.Length), "ben", 1, Ct);

        Assert.True(ben.Succeeded, ben.Error?.Message);
        Assert.Equal(2, ben.Value!.Revision);
        Assert.Equal("Together: We share one vision for 2030.", Section()!.Text);
    }

    [Fact]
    public async Task AnOperationPastTheSectionsLimit_IsRefusedWithTheLimit_AndNothingIsStored()
    {
        var full = new string('a', AgreementSection.TextMaxLength - 2);
        await SaveSectionAsync(full);
        var text = await OpenAsync();

        var result = await NewService().SubmitAsync(_anna, text.TextId, 0, Insert(0, "abc", full.Length), "anna", 1, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Equal("The section “Vision and shared goals” must be 20000 characters or fewer.", result.Error.Message);
        Assert.Equal(full, Section()!.Text);
        Assert.Equal(0, Db.Read(db => db.CoTextOperations.Count()));
    }

    [Fact]
    public async Task AnObserver_AMemberOfAnotherPartnership_AndAForgedTextId_CannotType()
    {
        await SaveSectionAsync(Start);
        var text = await OpenAsync();
        var op = Insert(0, "x", Start.Length);

        var observer = await NewService().SubmitAsync(_olga, text.TextId, 0, op, "olga", 1, Ct);
        var neighbour = await NewService().SubmitAsync(_nina, text.TextId, 0, op, "nina", 1, Ct);
        var forged = await NewService().SubmitAsync(_anna, Guid.NewGuid(), 0, op, "anna", 1, Ct);

        Assert.Equal(ErrorKind.Forbidden, observer.Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, neighbour.Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, forged.Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await NewService().LoadAsync(_nina, text.TextId, Ct)).Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, (await NewService().OperationsSinceAsync(_nina, text.TextId, 0, Ct)).Error!.Kind);
        Assert.Equal(Start, Section()!.Text);
    }

    [Fact]
    public async Task AnotherPartnershipsSection_CannotBeOpenedByNamingIt()
    {
        // Nina's own partnership, but Anna's partnership as the owner: the owner id must be the partnership asked about.
        var crossed = await NewService().OpenAsync(_nina, _other, CoText.AgreementSection(Vision), _partnership, Ct);
        var unknownKind = await NewService().OpenAsync(_anna, _partnership, "AgreementSection:99", _partnership, Ct);
        var madeUp = await NewService().OpenAsync(_anna, _partnership, "Budget", _partnership, Ct);

        Assert.Equal(ErrorKind.NotFound, crossed.Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, unknownKind.Error!.Kind);
        Assert.Equal(ErrorKind.NotFound, madeUp.Error!.Kind);
        Assert.Equal(0, Db.Read(db => db.CoTexts.Count()));
    }

    [Fact]
    public async Task ARun_IsOneChangeOfTheSection_InTheAuditTrail()
    {
        await SaveSectionAsync(Start);
        var text = await OpenAsync();
        await NewService().SubmitAsync(_anna, text.TextId, 0, Insert(Start.Length, " Now.", Start.Length), "anna", 1, Ct);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await NewService().SubmitAsync(_anna, text.TextId, 1, Insert(Start.Length + 5, "!", Start.Length + 5), "anna", 2, Ct);

        await NewService().EndRunAsync(_anna, text.TextId, Ct);

        var record = Assert.Single(Db.Read(db => db.ChangeRecords.Where(c => c.EntityType == AgreementService.SectionEntity && c.UserId == _anna).ToList()));
        Assert.Equal(("Vision", "Text", Start, Start + " Now.!"), (record.EntityId, record.Field, record.OldValue, record.NewValue));
    }

    [Fact]
    public async Task AWholeSectionSave_IsTakenIn_AndAStaleOneCannotOverwriteTyping()
    {
        var version = await SaveSectionAsync(Start);
        var text = await OpenAsync();
        await NewService().SubmitAsync(_anna, text.TextId, 0, Insert(0, "A ", Start.Length), "anna", 1, Ct);

        // A save from a page opened before the typing: refused, so the typing is not lost.
        var stale = await NewAgreementService().SaveSectionAsync(_fay, _partnership, Vision, "Replaced", version, Ct);
        Assert.Equal(ErrorKind.Conflict, stale.Error!.Kind);

        // A save made on the current version: the co-text takes it in as an operation of its own.
        await SaveSectionAsync("Replaced.", Section()!.Version);
        var adopted = Events.Published.OfType<CoTextChanged>().Last();
        Assert.Equal((text.TextId, 2L, _fay, CoTypingService.FieldSaveClient), (adopted.TextId, adopted.Revision, adopted.ActorUserId, adopted.ClientId));
        var ack = await NewService().SubmitAsync(_ben, text.TextId, 1, Insert(Start.Length + 2, " Yes.", Start.Length + 2), "ben", 1, Ct);

        Assert.True(ack.Succeeded, ack.Error?.Message);
        Assert.Equal(3, ack.Value!.Revision);
        Assert.Equal("Replaced. Yes.", Section()!.Text);
        var since = (await NewService().OperationsSinceAsync(_anna, text.TextId, 1, Ct)).Value!;
        Assert.Equal(CoTypingService.FieldSaveClient, since[0].ClientId);
    }

    [Fact]
    public async Task IssuingAVersion_LocksNothing_TypingGoesOnInTheWorkingText()
    {
        await SaveSectionAsync(Start);
        Assert.True((await NewAgreementService().IssueAsync(_fay, _partnership, "First", Ct)).Succeeded);
        var text = await OpenAsync();

        var ack = await NewService().SubmitAsync(_anna, text.TextId, 0, Insert(0, "Draft: ", Start.Length), "anna", 1, Ct);

        Assert.True(ack.Succeeded, ack.Error?.Message);
        var view = (await NewAgreementService().GetAsync(_anna, _partnership, Ct)).Value!;
        Assert.True(view.Sections.Single(s => s.Kind == Vision).ChangedSinceIssued);
    }
}
