using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Partnerships;

public sealed class PartnershipServiceTests : ServiceTestBase
{
    private readonly string _fran;

    public PartnershipServiceTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
    }

    [Fact]
    public async Task Create_MakesTheCreatorFacilitatorAndRecordsIt()
    {
        var result = await NewPartnershipService().CreateAsync(_fran,
            new PartnershipInput { Name = "  Clean Rivers ", Purpose = "Cleaner rivers by 2030.", Status = PartnershipStatus.Forming }, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        var id = result.Value;
        var stored = Db.Read(db => db.Partnerships.Single());
        Assert.Equal((id, "Clean Rivers", 1L, _fran), (stored.Id, stored.Name, stored.Version, stored.CreatedByUserId));
        Assert.Equal(PartnershipRole.Facilitator, Db.RoleOf(id, _fran));
        var records = Db.Read(db => db.ChangeRecords.OrderBy(c => c.Id).Select(c => new { c.EntityType, c.Field, c.OldValue, c.NewValue, c.UserId }).ToList());
        Assert.Equal(
            [new { EntityType = "Partnership", Field = "Created", OldValue = (string?)null, NewValue = (string?)"Clean Rivers", UserId = (string?)_fran },
             new { EntityType = "Membership", Field = "Role", OldValue = (string?)null, NewValue = (string?)"Facilitator", UserId = (string?)_fran }],
            records);
    }

    public static TheoryData<string, string, string, string> InvalidDetails => new()
    {
        { "", "Purpose.", "Name", "Name is required." },
        { "   ", "Purpose.", "Name", "Name is required." },
        { new string('n', 121), "Purpose.", "Name", "Name must be 120 characters or fewer (it has 121)." },
        { "Clean Rivers", new string('p', 2001), "Purpose", "Purpose must be 2000 characters or fewer (it has 2001)." },
    };

    [Theory]
    [MemberData(nameof(InvalidDetails))]
    public async Task CreateWithInvalidDetails_IsRefusedNamingTheLimitAndStoresNothing(string name, string purpose, string field, string message)
    {
        var result = await NewPartnershipService().CreateAsync(_fran, new PartnershipInput { Name = name, Purpose = purpose }, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal(message, result.Error!.For(field));
        Assert.Equal(0, Db.Read(db => db.Partnerships.Count()));
        Assert.Equal(0, Db.Read(db => db.Memberships.Count()));
        Assert.Equal(0, Db.Read(db => db.ChangeRecords.Count()));
    }

    [Fact]
    public async Task CreateWithDetailsAtTheLimits_Succeeds()
    {
        var result = await NewPartnershipService().CreateAsync(_fran,
            new PartnershipInput { Name = new string('n', 120), Purpose = new string('p', 2000) }, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
    }

    [Theory]
    [InlineData(PartnershipRole.Contributor)]
    [InlineData(PartnershipRole.Observer)]
    public async Task UpdateByContributorOrObserver_IsForbidden(PartnershipRole role)
    {
        var (partnership, version) = AddCleanRivers();
        var member = Db.AddPerson("Mo Member");
        Db.AddMember(partnership, member, role);

        var result = await NewPartnershipService().UpdateAsync(member, partnership, Edit(version), Ct);

        Assert.Equal(ErrorKind.Forbidden, result.Error?.Kind);
        AssertUnchanged(partnership);
    }

    [Fact]
    public async Task UpdateByNonMember_IsNotFound()
    {
        var (partnership, version) = AddCleanRivers();
        var outsider = Db.AddPerson("Olly Outsider");

        var result = await NewPartnershipService().UpdateAsync(outsider, partnership, Edit(version), Ct);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
        AssertUnchanged(partnership);
    }

    [Fact]
    public async Task UpdateFromStaleVersion_IsAConflictAndPublishesNothing()
    {
        var (partnership, version) = AddCleanRivers();
        var first = await NewPartnershipService().UpdateAsync(_fran, partnership, Edit(version, name: "First edit"), Ct);
        Events.Clear();

        var second = await NewPartnershipService().UpdateAsync(_fran, partnership, Edit(version, name: "Second edit"), Ct);

        Assert.True(first.Succeeded, first.Error?.Message);
        Assert.Equal(ErrorKind.Conflict, second.Error?.Kind);
        Assert.Equal("First edit", Db.Read(db => db.Partnerships.Single().Name));
        Assert.Empty(Events.Published);
    }

    [Fact]
    public async Task Update_PublishesDetailsChangedWithTheNewVersionAfterCommit()
    {
        var (partnership, version) = AddCleanRivers();
        var committedWhenPublished = new List<bool>();
        Events.OnPublish = _ => committedWhenPublished.Add(!Db.HasOpenTransaction && Db.Read(db => db.Partnerships.Single().Name) == "Rivers for All");

        var result = await NewPartnershipService().UpdateAsync(_fran, partnership,
            Edit(version, name: "Rivers for All", status: PartnershipStatus.Reviewing), Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        var published = Assert.IsType<PartnershipDetailsChanged>(Assert.Single(Events.Published));
        Assert.Equal(version + 1, published.Version);
        Assert.Equal(version + 1, Db.Read(db => db.Partnerships.Single().Version));
        Assert.Equal(("Rivers for All", PartnershipStatus.Reviewing, _fran), (published.Name, published.Status, published.ActorUserId));
        Assert.Equal(published, result.Value);
        Assert.Equal([true], committedWhenPublished);
    }

    [Fact]
    public async Task Update_RecordsOldAndNewValuesOfChangedFieldsOnly()
    {
        var (partnership, version) = AddCleanRivers();

        await NewPartnershipService().UpdateAsync(_fran, partnership,
            Edit(version, name: "Rivers for All", status: PartnershipStatus.Reviewing), Ct);

        var records = Db.Read(db => db.ChangeRecords.OrderBy(c => c.Id).Select(c => new { c.Field, c.OldValue, c.NewValue }).ToList());
        Assert.Equal(
            [new { Field = "Name", OldValue = (string?)"Clean Rivers", NewValue = (string?)"Rivers for All" },
             new { Field = "Status", OldValue = (string?)"Active", NewValue = (string?)"Reviewing" }],
            records);
        Assert.All(Db.Read(db => db.ChangeRecords.ToList()), r =>
            Assert.Equal((partnership, _fran, "Partnership", partnership.ToString(), UtcNow), (r.PartnershipId, r.UserId, r.EntityType, r.EntityId, r.AtUtc)));
    }

    [Fact]
    public async Task UpdateWithInvalidName_IsRefusedAndPublishesNothing()
    {
        var (partnership, version) = AddCleanRivers();

        var result = await NewPartnershipService().UpdateAsync(_fran, partnership, Edit(version, name: new string('n', 121)), Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Contains("120", result.Error!.For("Name"), StringComparison.Ordinal);
        AssertUnchanged(partnership);
    }

    [Fact]
    public async Task OverviewForNonMember_IsTheSameNotFoundForExistingAndMissingPartnerships()
    {
        var (partnership, _) = AddCleanRivers();
        var outsider = Db.AddPerson("Olly Outsider");
        var partnerships = NewPartnershipService();

        var existing = await partnerships.GetOverviewAsync(outsider, partnership, Ct);
        var missing = await partnerships.GetOverviewAsync(outsider, Guid.NewGuid(), Ct);

        Assert.Equal(ErrorKind.NotFound, existing.Error?.Kind);
        Assert.Equal(existing.Error, missing.Error);
    }

    [Fact]
    public async Task OverviewForSignedOutViewer_IsNotFound()
    {
        var (partnership, _) = AddCleanRivers();

        var result = await NewPartnershipService().GetOverviewAsync(null, partnership, Ct);

        Assert.Equal(ErrorKind.NotFound, result.Error?.Kind);
    }

    [Fact]
    public async Task OverviewForMember_ShowsTheirRoleAndTheMembers()
    {
        var (partnership, _) = AddCleanRivers();
        var mo = Db.AddPerson("Mo Member");
        Db.AddMember(partnership, mo, PartnershipRole.Observer);

        var result = await NewPartnershipService().GetOverviewAsync(mo, partnership, Ct);

        Assert.Equal(PartnershipRole.Observer, result.Value?.MyRole);
        Assert.Equal(["Fran Facilitator", "Mo Member"], result.Value!.Members.Select(m => m.DisplayName));
    }

    private (Guid Id, long Version) AddCleanRivers()
    {
        var id = Db.AddPartnership("Clean Rivers", (_fran, PartnershipRole.Facilitator));
        return (id, Db.Read(db => db.Partnerships.Single(p => p.Id == id).Version));
    }

    private static PartnershipInput Edit(long version, string name = "Clean Rivers", PartnershipStatus status = PartnershipStatus.Active) =>
        new() { Name = name, Purpose = "The purpose of Clean Rivers.", Status = status, Version = version };

    private void AssertUnchanged(Guid partnership)
    {
        var stored = Db.Read(db => db.Partnerships.Single(p => p.Id == partnership));
        Assert.Equal(("Clean Rivers", PartnershipStatus.Active, 1L), (stored.Name, stored.Status, stored.Version));
        Assert.Equal(0, Db.Read(db => db.ChangeRecords.Count()));
        Assert.Empty(Events.Published);
    }
}
