using Workspace.Tests.Support;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Members;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Members;

/// <summary>A bad invitation is refused with a message on the Email field, and nothing is stored or sent.</summary>
public sealed class InviteValidationTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly Guid _partnership;

    public InviteValidationTests()
    {
        _fran = Db.AddPerson("Fran Facilitator", "fran@example.org");
        _partnership = Db.AddPartnership("Clean Rivers", (_fran, PartnershipRole.Facilitator));
    }

    public static TheoryData<string, string> BadAddresses => new()
    {
        { "", "Email address is required." },
        { "   ", "Email address is required." },
        { "not-an-email", "Enter an email address in the correct format, like name@example.org." },
        { "name@example", "Enter an email address in the correct format, like name@example.org." },
        { "two words@example.org", "Enter an email address in the correct format, like name@example.org." },
    };

    [Theory]
    [MemberData(nameof(BadAddresses))]
    public async Task BadAddress_IsAValidationErrorOnEmail(string email, string message)
    {
        var result = await InviteAsync(email);

        AssertRefusedOnEmail(result, message);
        Assert.Equal(0, Db.Read(db => db.Invitations.Count()));
    }

    [Fact]
    public async Task AddressWith257Characters_IsRefused()
    {
        var email = new string('a', 245) + "@example.org";
        Assert.Equal(257, email.Length);

        var result = await InviteAsync(email);

        AssertRefusedOnEmail(result, "Email address must be 256 characters or fewer.");
        Assert.Equal(0, Db.Read(db => db.Invitations.Count()));
    }

    [Fact]
    public async Task AddressWith256Characters_IsAccepted()
    {
        var result = await InviteAsync(new string('a', 244) + "@example.org");

        Assert.True(result.Succeeded, result.Error?.Message);
    }

    [Theory]
    [InlineData("sam@example.org")]
    [InlineData(" SAM@example.org ")]
    public async Task SecondPendingInvitationForSameAddress_IsRefused(string again)
    {
        await InviteAsync("sam@example.org");
        Events.Clear();

        var result = await InviteAsync(again);

        AssertRefusedOnEmail(result, "sam@example.org already has a pending invitation. Renew or revoke it in the list of invitations.");
        Assert.Equal(1, Db.Read(db => db.Invitations.Count()));
        Assert.Single(Email.Sent);
    }

    [Fact]
    public async Task AddressWhoseInvitationExpired_CanBeInvitedAgain()
    {
        await InviteAsync("sam@example.org");
        Clock.Advance(TimeSpan.FromDays(8));

        var result = await InviteAsync("sam@example.org");

        Assert.True(result.Succeeded, result.Error?.Message);
    }

    [Theory]
    [InlineData("fran@example.org")]
    [InlineData("Fran@Example.org")]
    public async Task ExistingMember_IsRefused(string email)
    {
        var result = await InviteAsync(email);

        AssertRefusedOnEmail(result, "fran@example.org is already a member of this partnership.");
        Assert.Equal(0, Db.Read(db => db.Invitations.Count()));
    }

    [Fact]
    public async Task UndefinedRole_IsAValidationErrorOnRole()
    {
        var result = await NewMemberService().InviteAsync(_fran, _partnership,
            new InviteInput { Email = "sam@example.org", Role = (PartnershipRole)42 }, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.NotNull(result.Error!.For(nameof(InviteInput.Role)));
        Assert.Equal(0, Db.Read(db => db.Invitations.Count()));
        Assert.Empty(Events.Published);
    }

    private Task<Result<IssuedInvitation>> InviteAsync(string email) =>
        NewMemberService().InviteAsync(_fran, _partnership, new InviteInput { Email = email, Role = PartnershipRole.Contributor }, Ct);

    private void AssertRefusedOnEmail(Result result, string message)
    {
        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.Equal(message, result.Error!.For(nameof(InviteInput.Email)));
        Assert.Empty(Events.Published);
    }
}
