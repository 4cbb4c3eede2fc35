using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Api;
using Workspace.Web.Features.Partnerships;

namespace Workspace.Tests.Features.Api;

/// <summary>The whole app with two partnerships, an indicator each and a second in the first, and helpers to make tokens.</summary>
public sealed class ApiTestApp : IAsyncDisposable
{
    public ApiTestApp(IReadOnlyDictionary<string, string?>? settings = null)
    {
        App = new TestApp("Development", settings);
        Db = (TestDatabase)App.Services.GetRequiredService<IDbContextFactory<WorkspaceDbContext>>();
        Facilitator = Db.AddPerson("Fran Facilitator");
        Partnership = Db.AddPartnership("Warm Homes", (Facilitator, PartnershipRole.Facilitator));
        var goal = Db.AddGoal(Partnership, "Fewer cold homes");
        IndicatorA = Db.AddIndicator(goal, "Homes insulated", 0, 500);
        IndicatorB = Db.AddIndicator(goal, "Households advised", 0, 900);
        OtherPartnership = Db.AddPartnership("Safer Streets", (Facilitator, PartnershipRole.Facilitator));
        OtherIndicator = Db.AddIndicator(Db.AddGoal(OtherPartnership, "Safer crossings"), "Crossings built", 0, 10);
    }

    public TestApp App { get; }

    public TestDatabase Db { get; }

    public string Facilitator { get; }

    public Guid Partnership { get; }

    public Guid OtherPartnership { get; }

    public Guid IndicatorA { get; }

    public Guid IndicatorB { get; }

    public Guid OtherIndicator { get; }

    public static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<CreatedApiToken> TokenAsync(Guid partnershipId, ApiScope scope, params Guid[] indicators)
    {
        await using var scope_ = App.Services.CreateAsyncScope();
        var result = await scope_.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(Facilitator, partnershipId, new ApiTokenInput
        {
            Name = $"Feed {Guid.NewGuid():N}",
            Scope = scope,
            IndicatorIds = [.. indicators],
            ExpiresOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30),
        });
        return result.Value ?? throw new InvalidOperationException(result.Error!.Message);
    }

    public HttpClient Client(string? token)
    {
        var client = App.NewBrowser();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static Uri CheckIns(Guid partnershipId, Guid indicatorId) => new($"api/v1/partnerships/{partnershipId}/indicators/{indicatorId}/check-ins", UriKind.Relative);

    public int CheckInCount() => Db.Read(db => db.CheckIns.Count());

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
