using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Support;
using Workspace.Web.Data;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Partnerships;
using Workspace.Web.Hosting;
using Workspace.Web.RealTime;

namespace Workspace.Tests.RealTime;

/// <summary>Two whole apps over one database and one Redis, as two nodes behind a load balancer.</summary>
public sealed class TwoNodeAppTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task AGoalSavedThroughNodeA_ReachesASubscriberOnNodeB()
    {
        using var database = TestDatabase.OnFile();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            [PublicOrigin.Setting] = "https://workspace.example.gov",
        };
        void SharedDatabase(IServiceCollection services)
        {
            services.AddSingleton<IDbContextFactory<WorkspaceDbContext>>(database);
            services.AddScoped<WorkspaceDbContext>(_ => database.CreateDbContext());
        }

        await using var nodeA = new TestApp("Production", settings, SharedDatabase);
        await using var nodeB = new TestApp("Production", settings, SharedDatabase);
        var ana = database.AddPerson("Ana");
        var partnership = database.AddPartnership("River Partnership", (ana, PartnershipRole.Contributor));

        var busB = Assert.IsType<RedisPartnershipEvents>(nodeB.Services.GetRequiredService<IPartnershipEvents>());
        Assert.IsType<RedisPartnershipEvents>(nodeA.Services.GetRequiredService<IPartnershipEvents>());
        var onB = new Inbox();
        using var subscription = busB.Subscribe(partnership, onB.Receive);
        await using (var client = await redis.ConnectAsync())
        {
            await RedisNode.WaitUntilAsync(async () => await RedisNode.SubscribersInRedisAsync(client, partnership) == 1, "node B subscribed");
        }

        await using var scope = nodeA.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<GoalService>()
            .CreateAsync(ana, partnership, new NewGoalInput { Title = "Clean the river" }, TestContext.Current.CancellationToken);

        Assert.True(created.Succeeded);
        await onB.WaitForAsync(r => r.OfType<GoalSaved>().Any(), "node B's subscriber receives the goal");
        var saved = onB.Received.OfType<GoalSaved>().Single();
        Assert.Equal(created.Value!.Id, saved.Goal.Id);
        Assert.Equal("Clean the river", saved.Goal.Title);
        Assert.Equal(ana, saved.ActorUserId);
    }
}
