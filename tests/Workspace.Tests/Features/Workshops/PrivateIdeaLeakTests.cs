using System.Text.Json;
using Workspace.Web.Features.Exports;
using Workspace.Web.Features.Workshops;
using Workspace.Web.RealTime;

namespace Workspace.Tests.Features.Workshops;

/// <summary>
/// An idea added on an item in private mode is its author's until the facilitator reveals the item's ideas.
/// If that never happens, it stays with its author after the workshop too: in no minutes, export, room
/// screen, event or list, and not even which organisation wrote it.
/// </summary>
public sealed class PrivateIdeaLeakTests : WorkshopTestBase
{
    private const string Secret = "Close the Eastside depot";

    private async Task<(Guid Workshop, Guid OpenItem, Guid PrivateItem)> LiveWithAnUnrevealedIdeaAsync()
    {
        var (workshop, openItem, privateItem) = await LiveAsync();
        await Workshops.GoToItemAsync(Fran, Partnership, workshop, privateItem, Ct);
        var added = await Ideas.AddIdeaAsync(Cara, Partnership, workshop, privateItem, Secret, Ct);
        Assert.True(added.Succeeded, added.Error?.Message);
        await Ideas.AddIdeaAsync(Carl, Partnership, workshop, openItem, "Share the van rota", Ct);
        return (workshop, openItem, privateItem);
    }

    [Fact]
    public async Task UnrevealedPrivateIdea_IsLeftOutOfTheMinutes_WithItsOrganisation_AndOnlyCounted()
    {
        var (workshop, _, _) = await LiveWithAnUnrevealedIdeaAsync();

        var ended = await Workshops.EndAsync(Fran, Partnership, workshop, Ct);

        Assert.True(ended.Succeeded, ended.Error?.Message);
        var minutes = (await Outputs.MinutesAsync(Olly, Partnership, workshop, Ct)).Value.Markdown;
        var ideas = minutes[minutes.IndexOf("## Ideas", StringComparison.Ordinal)..minutes.IndexOf("## Decisions and actions", StringComparison.Ordinal)];
        Assert.DoesNotContain(Secret, minutes, StringComparison.Ordinal);
        Assert.DoesNotContain("Northside Food Bank", ideas, StringComparison.Ordinal);
        Assert.Contains("### Priorities\n\n1 private idea was not revealed.", ideas.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Share the van rota — FreshCo", ideas, StringComparison.Ordinal);
        var stored = Db.Read(db => db.LogEntries.Single(e => e.Id == ended.Value!.MinutesEntryId).Body);
        Assert.DoesNotContain(Secret, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevealedPrivateIdea_IsInTheMinutes_WithItsOrganisation()
    {
        var (workshop, _, privateItem) = await LiveWithAnUnrevealedIdeaAsync();
        await Ideas.RevealIdeasAsync(Fran, Partnership, workshop, privateItem, Ct);

        await Workshops.EndAsync(Fran, Partnership, workshop, Ct);

        var minutes = (await Outputs.MinutesAsync(Olly, Partnership, workshop, Ct)).Value.Markdown;
        Assert.Contains($"{Secret} — Northside Food Bank", minutes, StringComparison.Ordinal);
        Assert.DoesNotContain("not revealed", minutes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnrevealedPrivateIdea_ReachesNoOtherOutput_AfterTheWorkshopEnds()
    {
        var (workshop, _, _) = await LiveWithAnUnrevealedIdeaAsync();
        await Workshops.EndAsync(Fran, Partnership, workshop, Ct);

        var forObserver = (await Workshops.GetAsync(Olly, Partnership, workshop, Ct)).Value!;
        var forFacilitator = (await Workshops.GetAsync(Fran, Partnership, workshop, Ct)).Value!;
        var room = (await Workshops.RoomAsync(Fran, Partnership, workshop, Ct)).Value!;
        var export = (await new ExportService(Db, Clock).ExportAsync(Olly, Partnership, cancellationToken: Ct)).Value!;
        var calendar = (await Outputs.CalendarFileAsync(Olly, Partnership, workshop, new Uri("https://workspace.example.org/w/1"), Ct)).Value.Content;
        var stored = Db.Read(db => string.Join("\n", db.LogEntries.Select(e => e.Title + " " + e.Body))
            + string.Join("\n", db.ChangeRecords.Select(c => c.OldValue + " " + c.NewValue)));

        Assert.Equal(["Share the van rota"], forObserver.Ideas.Select(i => i.Text));
        Assert.Equal(["Share the van rota"], forFacilitator.Ideas.Select(i => i.Text));
        Assert.Equal(["Share the van rota"], room.Ideas.Select(i => i.Text));
        Assert.DoesNotContain(Secret, string.Join("\n", export.Tables.SelectMany(t => t.Rows).SelectMany(r => r).Select(c => c?.ToString())), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, calendar, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, stored, StringComparison.Ordinal);
        Assert.Contains("Minutes: Winter food plan", stored, StringComparison.Ordinal);
        Assert.All(Events.Published, e => Assert.DoesNotContain(Secret, Json(e), StringComparison.Ordinal));
        Assert.Contains(Events.Published, e => Json(e).Contains("Share the van rota", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RoomScreen_ShowsNoPrivateIdeaBeforeTheReveal_NotEvenTheSignedInAuthors()
    {
        var (workshop, _, privateItem) = await LiveAsync();
        await Workshops.GoToItemAsync(Fran, Partnership, workshop, privateItem, Ct);
        await Ideas.AddIdeaAsync(Fran, Partnership, workshop, privateItem, "Fran's own private idea", Ct);
        await Ideas.AddIdeaAsync(Cara, Partnership, workshop, privateItem, Secret, Ct);

        var forFran = (await Workshops.GetAsync(Fran, Partnership, workshop, Ct)).Value!;
        var room = (await Workshops.RoomAsync(Fran, Partnership, workshop, Ct)).Value!;

        Assert.Equal(["Fran's own private idea"], forFran.Ideas.Select(i => i.Text));
        Assert.Empty(room.Ideas);
        Assert.Equal(2, room.HiddenIdeaCounts[privateItem]);

        await Ideas.RevealIdeasAsync(Fran, Partnership, workshop, privateItem, Ct);

        var revealed = (await Workshops.RoomAsync(Fran, Partnership, workshop, Ct)).Value!;
        Assert.Equal(["Fran's own private idea", Secret], revealed.Ideas.Select(i => i.Text));
        Assert.False(revealed.HiddenIdeaCounts.ContainsKey(privateItem));
    }

    [Fact]
    public async Task RoomScreen_IsForMembersOnly()
    {
        var (workshop, _, _) = await LiveAsync();

        var outsider = await Workshops.RoomAsync(Nina, Partnership, workshop, Ct);
        var observer = await Workshops.RoomAsync(Olly, Partnership, workshop, Ct);

        Assert.Equal(Workspace.Web.Features.Common.ErrorKind.NotFound, outsider.Error?.Kind);
        Assert.True(observer.Succeeded);
    }

    private static string Json(PartnershipEvent change) => JsonSerializer.Serialize(change, change.GetType());
}
