using Workspace.E2ETests.Infrastructure;
using Workspace.Web.Features.CoTyping;

namespace Workspace.E2ETests;

/// <summary>
/// The co-typed texts' hub attacked directly (decision 022): a signed-in page crafts its own connection and joins
/// texts it has no editor for. Only a member of the text's partnership may join; anyone else learns no more than
/// someone asking for a text that does not exist, and a page not signed in cannot connect at all.
/// </summary>
public sealed class CoTextHubTests(AppFixture app)
{
    private const string Facilitator = "facilitator@demo.local";
    private const string Partner = "partner@demo.local";

    // Joins each text id in turn on a connection of the page's own, with the page's cookies: "ok {revision}" or "refused {message}".
    private const string JoinScript =
        """
        async ({ hub, ids }) => {
          const connection = new signalR.HubConnectionBuilder().withUrl(hub).configureLogging(signalR.LogLevel.None).build();
          try {
            await connection.start();
          } catch {
            return ['no connection'];
          }
          const results = [];
          for (const id of ids) {
            try {
              results.push(`ok ${await connection.invoke('Join', id)}`);
            } catch (error) {
              results.push(`refused ${error.message}`);
            }
          }
          await connection.stop();
          return results;
        }
        """;

    [Fact]
    public async Task JoiningATextOfAPartnershipYouAreNotIn_IsRefusedLikeAnUnknownText_WhileYourOwnTextJoins()
    {
        var partnerId = await app.Data.UserIdAsync(Partner);
        var facilitatorId = await app.Data.UserIdAsync(Facilitator);
        var demo = await app.Data.DemoPartnershipIdAsync();
        var own = await app.Data.UseAsync<CoTypingService, CoTextState>(async s =>
            (await s.OpenGoalDescriptionAsync(partnerId, demo, await app.Data.DemoGoalIdAsync())).Value!);
        var elsewhere = await app.Data.CreatePartnershipAsync(Facilitator, $"Hub check {Guid.NewGuid():N}"[..20]);
        var goal = await app.Data.CreateGoalAsync(Facilitator, elsewhere, "Someone else's goal");
        var foreign = await app.Data.UseAsync<CoTypingService, CoTextState>(async s =>
            (await s.OpenGoalDescriptionAsync(facilitatorId, elsewhere, goal)).Value!);

        await using var context = await app.SignInAsync(Partner);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.AddScriptTagAsync(new() { Url = "/" + CoTextEditor.SignalRScriptPath });
        var results = await page.EvaluateAsync<string[]>(JoinScript, new { hub = CoTextContract.HubPath, ids = new[] { foreign.TextId, Guid.NewGuid(), own.TextId } });

        Assert.Equal(3, results.Length);
        Assert.StartsWith("refused", results[0], StringComparison.Ordinal);
        Assert.Contains("This text is not available.", results[0], StringComparison.Ordinal);
        Assert.Equal(results[1], results[0]);
        Assert.Equal($"ok {own.Revision}", results[2]);
    }

    [Fact]
    public async Task APageNotSignedIn_CannotConnectToTheHub()
    {
        var partnerId = await app.Data.UserIdAsync(Partner);
        var demo = await app.Data.DemoPartnershipIdAsync();
        var own = await app.Data.UseAsync<CoTypingService, CoTextState>(async s =>
            (await s.OpenGoalDescriptionAsync(partnerId, demo, await app.Data.DemoGoalIdAsync())).Value!);

        await using var context = await app.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.AddScriptTagAsync(new() { Url = "/" + CoTextEditor.SignalRScriptPath });
        var results = await page.EvaluateAsync<string[]>(JoinScript, new { hub = CoTextContract.HubPath, ids = new[] { own.TextId } });

        Assert.Equal(["no connection"], results);
    }
}
