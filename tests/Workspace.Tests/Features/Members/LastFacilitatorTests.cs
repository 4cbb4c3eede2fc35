using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Members;

/// <summary>A partnership always keeps at least one facilitator.</summary>
public sealed class LastFacilitatorTests : ServiceTestBase
{
    private const string Why = "A partnership always needs at least one facilitator. Make someone else a facilitator first.";

    private readonly string _fran;
    private readonly string _tom;
    private readonly Guid _partnership;

    public LastFacilitatorTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _tom = Db.AddPerson("Tom Contributor");
        _partnership = Db.AddPartnership("Clean Rivers", (_fran, PartnershipRole.Facilitator), (_tom, PartnershipRole.Contributor));
    }

    [Theory]
    [InlineData(PartnershipRole.Contributor)]
    [InlineData(PartnershipRole.Observer)]
    public async Task OnlyFacilitator_CannotDemoteThemselves(PartnershipRole newRole)
    {
        var result = await NewMemberService().ChangeRoleAsync(_fran, _partnership, _fran, newRole, Ct);

        Assert.Equal(ErrorKind.Conflict, result.Error?.Kind);
        Assert.Equal(Why, result.Error!.Message);
        AssertNothingChanged();
    }

    [Fact]
    public async Task OnlyFacilitator_CannotLeave()
    {
        var result = await NewMemberService().RemoveAsync(_fran, _partnership, _fran, Ct);

        Assert.Equal(ErrorKind.Conflict, result.Error?.Kind);
        Assert.Equal(Why, result.Error!.Message);
        AssertNothingChanged();
    }

    [Fact]
    public async Task OnlyFacilitator_CannotBeRemovedByAnotherMember()
    {
        var result = await NewMemberService().RemoveAsync(_tom, _partnership, _fran, Ct);

        Assert.Equal(ErrorKind.Forbidden, result.Error?.Kind);
        AssertNothingChanged();
    }

    [Fact]
    public async Task WithTwoFacilitators_OneCanBeDemoted()
    {
        var gill = Db.AddPerson("Gill Facilitator");
        Db.AddMember(_partnership, gill, PartnershipRole.Facilitator);

        var result = await NewMemberService().ChangeRoleAsync(_fran, _partnership, gill, PartnershipRole.Contributor, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(PartnershipRole.Contributor, Db.RoleOf(_partnership, gill));
    }

    [Fact]
    public async Task WithTwoFacilitators_OneCanStepDownThenTheOtherCannot()
    {
        var gill = Db.AddPerson("Gill Facilitator");
        Db.AddMember(_partnership, gill, PartnershipRole.Facilitator);
        var members = NewMemberService();

        var first = await members.ChangeRoleAsync(_fran, _partnership, _fran, PartnershipRole.Contributor, Ct);
        var second = await members.ChangeRoleAsync(gill, _partnership, gill, PartnershipRole.Contributor, Ct);

        Assert.True(first.Succeeded, first.Error?.Message);
        Assert.Equal(Why, second.Error?.Message);
        Assert.Equal(PartnershipRole.Facilitator, Db.RoleOf(_partnership, gill));
    }

    [Fact]
    public async Task WithTwoFacilitators_OneCanRemoveTheOther()
    {
        var gill = Db.AddPerson("Gill Facilitator");
        Db.AddMember(_partnership, gill, PartnershipRole.Facilitator);

        var result = await NewMemberService().RemoveAsync(gill, _partnership, _fran, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Null(Db.RoleOf(_partnership, _fran));
    }

    [Fact]
    public async Task ChangeRole_RecordsOldAndNewRoleAndPublishesAfterCommit()
    {
        var committedWhenPublished = new List<bool>();
        Events.OnPublish = _ => committedWhenPublished.Add(!Db.HasOpenTransaction && Db.RoleOf(_partnership, _tom) == PartnershipRole.Observer);

        var result = await NewMemberService().ChangeRoleAsync(_fran, _partnership, _tom, PartnershipRole.Observer, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        var changed = Assert.IsType<MemberRoleChanged>(Assert.Single(Events.Published));
        Assert.Equal((_tom, PartnershipRole.Observer), (changed.UserId, changed.Role));
        Assert.Equal([true], committedWhenPublished);
        var record = Db.Read(db => db.ChangeRecords.Single());
        Assert.Equal(("Membership", _tom, "Role", "Contributor", "Observer"),
            (record.EntityType, record.EntityId, record.Field, record.OldValue, record.NewValue));
    }

    [Fact]
    public async Task MemberLeaving_PublishesMemberRemoved()
    {
        var result = await NewMemberService().RemoveAsync(_tom, _partnership, _tom, Ct);

        Assert.True(result.Succeeded, result.Error?.Message);
        var removed = Assert.IsType<MemberRemoved>(Assert.Single(Events.Published));
        Assert.Equal((_tom, _tom, "Tom Contributor"), (removed.UserId, removed.ActorUserId, removed.DisplayName));
        Assert.Null(Db.RoleOf(_partnership, _tom));
    }

    private void AssertNothingChanged()
    {
        Assert.Equal(PartnershipRole.Facilitator, Db.RoleOf(_partnership, _fran));
        Assert.Equal(PartnershipRole.Contributor, Db.RoleOf(_partnership, _tom));
        Assert.Equal(0, Db.Read(db => db.ChangeRecords.Count()));
        Assert.Empty(Events.Published);
    }
}
