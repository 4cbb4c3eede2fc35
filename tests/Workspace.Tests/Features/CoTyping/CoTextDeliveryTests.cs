using System.Text.Json;
using Workspace.Web.Features.CoTyping;

namespace Workspace.Tests.Features.CoTyping;

public sealed class CoTextDeliveryTests
{
    private static readonly Guid Partnership = Guid.NewGuid();
    private static readonly Guid Text = Guid.NewGuid();

    [Fact]
    public void EveryEditorOfANode_GetsTheSameDeliveryOfAnEvent_ParsedOnce()
    {
        var change = new CoTextChanged(Partnership, "anna", Text, CoText.GoalDescription, Guid.NewGuid(), 7, """[3,"x",2]""", "anna-tab", 4);

        var first = CoTextDelivery.Of(change);
        var second = CoTextDelivery.Of(change);

        Assert.Same(first, second);
        Assert.Same(first.Parsed, second.Parsed);
        Assert.Equal(new TextOperation().Retain(3).Insert("x").Retain(2), first.Parsed);
    }

    [Fact]
    public void ADelivery_IsEqualByWhatItCarries_WhetherParsedOrNot_AndGoesToTheBrowserWithoutTheParsedForm()
    {
        var parsed = new CoTextDelivery(2, """["a",1]""", "ben-tab", 1);
        _ = parsed.Parsed;
        var fresh = new CoTextDelivery(2, """["a",1]""", "ben-tab", 1);

        Assert.Equal(fresh, parsed);
        Assert.Equal(fresh.GetHashCode(), parsed.GetHashCode());
        Assert.NotEqual(fresh, parsed with { ClientSeq = 2 });
        Assert.Equal("""{"revision":2,"operation":"[\u0022a\u0022,1]","clientId":"ben-tab","clientSeq":1}""", JsonSerializer.Serialize(parsed, JsonSerializerOptions.Web));
    }

    [Fact]
    public void AnUnreadableOperation_ParsesToNull()
    {
        Assert.Null(new CoTextDelivery(1, "not an operation", "x", 1).Parsed);
    }
}
