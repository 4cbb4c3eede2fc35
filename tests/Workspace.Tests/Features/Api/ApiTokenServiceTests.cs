using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Activity;
using Workspace.Web.Features.Api;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Api;

/// <summary>Facilitators create and revoke tokens; only a hash is kept; a token stops working when expired or revoked.</summary>
public sealed class ApiTokenServiceTests : ServiceTestBase
{
    private readonly string _fran;
    private readonly string _cara;
    private readonly Guid _partnership;
    private readonly Guid _indicator;

    public ApiTokenServiceTests()
    {
        _fran = Db.AddPerson("Fran Facilitator");
        _cara = Db.AddPerson("Cara Contributor");
        _partnership = Db.AddPartnership("Warm Homes", (_fran, PartnershipRole.Facilitator), (_cara, PartnershipRole.Contributor));
        _indicator = Db.AddIndicator(Db.AddGoal(_partnership, "Fewer cold homes"), "Homes insulated", 0, 500);
    }

    private ApiTokenService Tokens => new(Db, Clock);

    private DateOnly Today => DateOnly.FromDateTime(UtcNow);

    private ApiTokenInput Input(string name = "Council data feed", ApiScope scope = ApiScope.WriteCheckIns, int days = 90) =>
        new() { Name = name, Scope = scope, IndicatorIds = scope == ApiScope.WriteCheckIns ? [_indicator] : [], ExpiresOn = Today.AddDays(days) };

    [Fact]
    public async Task Create_ReturnsAPrefixedSecretOnce_AndStoresOnlyItsHash()
    {
        var created = (await Tokens.CreateAsync(_fran, _partnership, Input(), Ct)).Value!;

        Assert.StartsWith("pws_", created.Secret, StringComparison.Ordinal);
        var stored = Db.Read(db => db.ApiTokens.Single());
        Assert.Equal(ApiTokenSecrets.Hash(created.Secret), stored.SecretHash);
        Assert.DoesNotContain(created.Secret[^20..], stored.SecretHash, StringComparison.Ordinal);
        Assert.Equal((_fran, "Fran Facilitator"), (stored.CreatedByUserId, created.Token.CreatedByName));
        Assert.Equal(["Homes insulated"], created.Token.WritableIndicatorNames);
        Assert.DoesNotContain(Db.Read(db => db.ChangeRecords.ToList()), r => $"{r.OldValue}{r.NewValue}".Contains(created.Secret[^20..], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", 90, "Name")]
    [InlineData("Council data feed", 366, "ExpiresOn")]
    [InlineData("Council data feed", 0, "ExpiresOn")]
    public async Task Create_RefusesAMissingNameOrAnExpiryBeyondAYear(string name, int days, string field)
    {
        var result = await Tokens.CreateAsync(_fran, _partnership, Input(name, days: days), Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.NotNull(result.Error!.For(field));
        Assert.True((await Tokens.CreateAsync(_fran, _partnership, Input("Valid", days: 365), Ct)).Succeeded);
    }

    [Fact]
    public async Task Create_RefusesADuplicateName_AWriteTokenWithoutIndicators_AndAnotherPartnershipsIndicator()
    {
        var other = Db.AddPartnership("Elsewhere", (_fran, PartnershipRole.Facilitator));
        var foreign = Db.AddIndicator(Db.AddGoal(other, "Their goal"), "Their indicator", 0, 10);
        Assert.True((await Tokens.CreateAsync(_fran, _partnership, Input(), Ct)).Succeeded);

        var duplicate = await Tokens.CreateAsync(_fran, _partnership, Input("council DATA feed"), Ct);
        var empty = await Tokens.CreateAsync(_fran, _partnership, new ApiTokenInput { Name = "Empty", Scope = ApiScope.WriteCheckIns, ExpiresOn = Today.AddDays(5) }, Ct);
        var forged = await Tokens.CreateAsync(_fran, _partnership, new ApiTokenInput { Name = "Forged", Scope = ApiScope.WriteCheckIns, IndicatorIds = [foreign], ExpiresOn = Today.AddDays(5) }, Ct);

        Assert.NotNull(duplicate.Error?.For(nameof(ApiTokenInput.Name)));
        Assert.NotNull(empty.Error?.For(nameof(ApiTokenInput.IndicatorIds)));
        Assert.NotNull(forged.Error?.For(nameof(ApiTokenInput.IndicatorIds)));
        Assert.Single(Db.Read(db => db.ApiTokens.ToList()));
    }

    [Fact]
    public async Task Contributor_CannotListCreateOrRevoke_AndANonMemberSeesNothing()
    {
        var created = (await Tokens.CreateAsync(_fran, _partnership, Input(), Ct)).Value!;
        var stranger = Db.AddPerson("Sam Stranger");

        Assert.Equal(ErrorKind.Forbidden, (await Tokens.ListAsync(_cara, _partnership, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.Forbidden, (await Tokens.CreateAsync(_cara, _partnership, Input("Mine"), Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.Forbidden, (await Tokens.RevokeAsync(_cara, _partnership, created.Token.Id, Ct)).Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, (await Tokens.ListAsync(stranger, _partnership, Ct)).Error?.Kind);
        Assert.NotNull(await Tokens.AuthenticateAsync(created.Secret, Ct));
    }

    [Fact]
    public async Task Revoke_ATokenOfAnotherPartnership_IsNotFound_AndLeavesItWorking()
    {
        var olga = Db.AddPerson("Olga Other");
        var other = Db.AddPartnership("Elsewhere", (olga, PartnershipRole.Facilitator));
        var theirs = (await Tokens.CreateAsync(olga, other, new ApiTokenInput { Name = "Their feed", ExpiresOn = Today.AddDays(5) }, Ct)).Value!;

        var viaOwn = await Tokens.RevokeAsync(_fran, _partnership, theirs.Token.Id, Ct);
        var viaTheirs = await Tokens.RevokeAsync(_fran, other, theirs.Token.Id, Ct);

        Assert.Equal(ErrorKind.NotFound, viaOwn.Error?.Kind);
        Assert.Equal(ErrorKind.NotFound, viaTheirs.Error?.Kind);
        Assert.NotNull(await Tokens.AuthenticateAsync(theirs.Secret, Ct));
        Assert.True((await Tokens.RevokeAsync(olga, other, theirs.Token.Id, Ct)).Succeeded);
    }

    [Fact]
    public async Task Authenticate_RefusesMalformedWrongExpiredAndRevokedTokens()
    {
        var created = (await Tokens.CreateAsync(_fran, _partnership, Input(days: 1), Ct)).Value!;
        var wrongSecret = created.Secret[..^4] + (created.Secret.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        Assert.NotNull(await Tokens.AuthenticateAsync(created.Secret, Ct));
        Assert.Null(await Tokens.AuthenticateAsync("pws_garbage", Ct));
        Assert.Null(await Tokens.AuthenticateAsync(wrongSecret, Ct));
        Clock.Advance(TimeSpan.FromDays(1));
        Assert.Null(await Tokens.AuthenticateAsync(created.Secret, Ct));

        var second = (await Tokens.CreateAsync(_fran, _partnership, Input("Second"), Ct)).Value!;
        Assert.True((await Tokens.RevokeAsync(_fran, _partnership, second.Token.Id, Ct)).Succeeded);
        Assert.Null(await Tokens.AuthenticateAsync(second.Secret, Ct));
    }

    [Fact]
    public async Task Authenticate_WritesLastUseAtMostOnceAMinute()
    {
        var created = (await Tokens.CreateAsync(_fran, _partnership, Input(), Ct)).Value!;
        DateTime? LastUsed() => Db.Read(db => db.ApiTokens.Single().LastUsedUtc);

        await Tokens.AuthenticateAsync(created.Secret, Ct);
        var first = LastUsed();
        Clock.Advance(TimeSpan.FromSeconds(30));
        await Tokens.AuthenticateAsync(created.Secret, Ct);
        Assert.Equal(first, LastUsed());
        Clock.Advance(TimeSpan.FromSeconds(31));
        await Tokens.AuthenticateAsync(created.Secret, Ct);

        Assert.NotNull(first);
        Assert.Equal(first!.Value.AddSeconds(61), LastUsed());
    }

    [Fact]
    public async Task CreateAndRevoke_AreAudited_AndWordedOnTheActivityPage()
    {
        var created = (await Tokens.CreateAsync(_fran, _partnership, Input(), Ct)).Value!;
        await Tokens.RevokeAsync(_fran, _partnership, created.Token.Id, Ct);

        var activity = (await new ActivityService(Db).ListAsync(_cara, _partnership, null, Ct)).Value!;
        Assert.Contains(activity, e => e.ActorName == "Fran Facilitator" && e.Text == "created the API token 'Council data feed'" && e.Detail!.Contains("Homes insulated", StringComparison.Ordinal));
        Assert.Contains(activity, e => e.ActorName == "Fran Facilitator" && e.Text == "revoked the API token 'Council data feed'");
        Assert.Contains(("ApiToken", "Created"), ActivityWording.Kinds);
        Assert.Contains(("ApiToken", "Revoked"), ActivityWording.Kinds);
        Assert.Contains(("CheckIn", "ValueViaApi"), ActivityWording.Kinds);
    }

    [Fact]
    public async Task CheckInViaApi_NamesTheTokenInHistoryActivityAndTheCheckIn_AndPublishesTheEvent()
    {
        var result = await NewIndicatorService().RecordCheckInViaApiAsync("Council data feed", _partnership, _indicator,
            new CheckInInput { Value = 120, AsOf = Today, Comment = "Nightly upload" }, Ct);

        Assert.True(result.Succeeded);
        Assert.Equal("API token 'Council data feed'", Assert.Single(result.Value!.CheckIns).RecordedByName);
        var saved = Assert.IsType<IndicatorSaved>(Assert.Single(Events.Published));
        Assert.Null(saved.ActorUserId);
        var record = Assert.Single(Db.Read(db => db.ChangeRecords.Where(c => c.EntityType == nameof(CheckIn)).ToList()));
        Assert.Null(record.UserId);
        var goalId = Db.Read(db => db.Indicators.Single().GoalId);
        var history = (await NewGoalService().HistoryAsync(_cara, _partnership, goalId, Ct)).Value!;
        Assert.Contains(history, h => h.NewValue is { } v && v.EndsWith("via API, token 'Council data feed'", StringComparison.Ordinal) && v.StartsWith("120", StringComparison.Ordinal));
        var activity = (await new ActivityService(Db).ListAsync(_cara, _partnership, null, Ct)).Value!;
        Assert.Contains(activity, e => e.Text.StartsWith("checked in 120", StringComparison.Ordinal) && e.Text.EndsWith("via API, token 'Council data feed'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckInViaApi_ValidatesLikeTheDialog_AndRecordsNothingWhenRefused()
    {
        var result = await NewIndicatorService().RecordCheckInViaApiAsync("Council data feed", _partnership, _indicator,
            new CheckInInput { Value = double.NaN, AsOf = Today.AddDays(5) }, Ct);

        Assert.Equal(ErrorKind.Validation, result.Error?.Kind);
        Assert.NotNull(result.Error!.For(nameof(CheckInInput.Value)));
        Assert.NotNull(result.Error.For(nameof(CheckInInput.AsOf)));
        Assert.Empty(Db.Read(db => db.CheckIns.ToList()));
        Assert.True((await NewIndicatorService().RecordCheckInViaApiAsync("Council data feed", _partnership, _indicator, new CheckInInput { Value = 1, AsOf = Today }, Ct)).Succeeded);
    }
}
