using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Account;

namespace Workspace.Tests.Features.Account;

/// <summary>How a person signed in at an OpenID Connect provider is mapped onto accounts (decision 013).</summary>
public sealed class ExternalSignInTests : ServiceTestBase
{
    private const string Provider = "ministry";
    private const string ProviderName = "Ministry of Justice staff";

    /// <summary>Maps an identity as one sign-in request would, with Identity's real user manager and stores.</summary>
    private async Task<ExternalSignInResult> MapAsync(string key, string? email, bool verified, string? name = "Amara Okafor")
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddScoped<WorkspaceDbContext>(_ => Db.CreateDbContext());
        services.AddIdentityCore<ApplicationUser>(options => options.User.RequireUniqueEmail = true)
            .AddEntityFrameworkStores<WorkspaceDbContext>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var service = new ExternalSignIn(scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>(), NewMembershipService(), Clock, NullLogger<ExternalSignIn>.Instance);
        return await service.MapAsync(new ExternalIdentity(Provider, key, ProviderName, email, verified, name), Ct);
    }

    private int Users => Db.Read(db => db.Users.Count());

    private int Logins => Db.Read(db => db.UserLogins.Count());

    [Fact]
    public async Task FirstSignIn_CreatesAnAccountWithTheProvidersNameAndVerifiedAddress_AndLinksTheLogin()
    {
        var result = await MapAsync("sub-1", "amara@justice.example", verified: true);

        Assert.Equal(ExternalSignInOutcome.Created, result.Outcome);
        var user = Db.Read(db => db.Users.Single());
        Assert.Equal("Amara Okafor", user.DisplayName);
        Assert.Equal("amara@justice.example", user.Email);
        Assert.True(user.EmailConfirmed);
        Assert.Equal((Provider, "sub-1", user.Id), Db.Read(db => db.UserLogins.Select(l => new { l.LoginProvider, l.ProviderKey, l.UserId }).AsEnumerable().Select(l => (l.LoginProvider, l.ProviderKey, l.UserId)).Single()));
    }

    [Fact]
    public async Task FirstSignIn_WithAnUnverifiedNewAddress_CreatesAnAccountWhoseAddressIsNotConfirmed()
    {
        var result = await MapAsync("sub-1", "amara@justice.example", verified: false, name: null);

        Assert.Equal(ExternalSignInOutcome.Created, result.Outcome);
        var user = Db.Read(db => db.Users.Single());
        Assert.False(user.EmailConfirmed);
        Assert.Equal("amara", user.DisplayName);
    }

    [Fact]
    public async Task SecondSignIn_MapsOntoTheSameAccount()
    {
        var first = await MapAsync("sub-1", "amara@justice.example", verified: true);
        var second = await MapAsync("sub-1", "amara@justice.example", verified: true);

        Assert.Equal(ExternalSignInOutcome.Existing, second.Outcome);
        Assert.Equal(first.User!.Id, second.User!.Id);
        Assert.Equal(1, Users);
        Assert.Equal(1, Logins);
    }

    [Fact]
    public async Task VerifiedAddressOfAConfirmedAccount_LinksTheLoginToIt()
    {
        var existing = Db.AddPersonWithoutOrganisation("Amara Okafor", "amara@justice.example");

        var result = await MapAsync("sub-1", "Amara@Justice.example", verified: true);

        Assert.Equal(ExternalSignInOutcome.Linked, result.Outcome);
        Assert.Equal(existing, result.User!.Id);
        Assert.Equal(1, Users);
        Assert.Equal(existing, Db.Read(db => db.UserLogins.Single().UserId));
    }

    [Fact]
    public async Task UnverifiedAddressOfAnExistingAccount_IsRefused_AndNothingIsLinked()
    {
        Db.AddPersonWithoutOrganisation("Amara Okafor", "amara@justice.example");

        var result = await MapAsync("sub-attacker", "amara@justice.example", verified: false);

        Assert.Equal(ExternalSignInOutcome.Refused, result.Outcome);
        Assert.Null(result.User);
        Assert.Equal(ExternalSignIn.UnverifiedEmailMessage(ProviderName), result.Message);
        Assert.Equal(1, Users);
        Assert.Equal(0, Logins);
    }

    [Fact]
    public async Task VerifiedAddressOfAnAccountThatNeverConfirmedIt_IsRefused()
    {
        Db.AddPersonWithoutOrganisation("Someone", "amara@justice.example");
        Db.Write(db => db.Users.Single().EmailConfirmed = false);

        var result = await MapAsync("sub-1", "amara@justice.example", verified: true);

        Assert.Equal(ExternalSignInOutcome.Refused, result.Outcome);
        Assert.Equal(0, Logins);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-an-address")]
    public async Task NoEmailAddress_IsRefused_AndNothingIsCreated(string? email)
    {
        var result = await MapAsync("sub-1", email, verified: true);

        Assert.Equal(ExternalSignInOutcome.Refused, result.Outcome);
        Assert.Equal(ExternalSignIn.NoEmailMessage(ProviderName), result.Message);
        Assert.Equal(0, Users);
        Assert.Equal(0, Logins);
    }

    [Fact]
    public async Task VerifiedAddressInARegisteredDomain_JoinsThatOrganisation()
    {
        var organisation = Db.AddOrganisation("Ministry of Justice");
        var admin = Db.AddPerson("Admin Person", "admin@justice.example", organisation);
        Db.Write(db => db.OrganisationDomains.Add(new Workspace.Web.Features.Organisations.OrganisationDomain
        {
            Id = Guid.NewGuid(),
            OrganisationId = organisation,
            Domain = "justice.example",
            AddedByUserId = admin,
            AddedUtc = DateTime.UtcNow,
        }));

        var result = await MapAsync("sub-1", "amara@justice.example", verified: true);

        Assert.Equal(organisation, Db.Read(db => db.Users.Single(u => u.Id == result.User!.Id).OrganisationId));
    }

    [Fact]
    public void Claims_AreReadAsTheProviderSendsThem()
    {
        var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        [
            new("sub", "sub-1"), new("email", " amara@justice.example "), new("email_verified", "True"), new("name", "Amara Okafor"),
        ], "oidc"));

        var identity = ExternalIdentity.From(Provider, "sub-1", ProviderName, principal);

        Assert.Equal(new ExternalIdentity(Provider, "sub-1", ProviderName, "amara@justice.example", true, "Amara Okafor"), identity);
        Assert.False(ExternalIdentity.From(Provider, "sub-1", ProviderName, new System.Security.Claims.ClaimsPrincipal(
            new System.Security.Claims.ClaimsIdentity([new("email", "a@b.example"), new("email_verified", "false")], "oidc"))).EmailVerified);
    }

    [Theory]
    [InlineData("/invite/abc", "/invite/abc")]
    [InlineData("/", "/")]
    [InlineData("//evil.example/x", null)]
    [InlineData("/\\evil.example", null)]
    [InlineData("https://evil.example/", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ReturnUrl_StaysInTheApp(string? returnUrl, string? expected) =>
        Assert.Equal(expected, ExternalSignInEndpoints.LocalOrNull(returnUrl));
}
