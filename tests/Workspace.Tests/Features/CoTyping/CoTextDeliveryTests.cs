using System.Text.Json;
using Workspace.Web.Features.CoTyping;

namespace Workspace.Tests.Features.CoTyping;

public sealed class CoTextDeliveryTests
{
    private static readonly Guid Partnership = Guid.NewGuid();
    private static readonly Guid Text = Guid.NewGuid();

    [Fact]
    public void EveryEditorOfANode_GetsTheSameDeliveryOfAnEvent()
    {
        var change = new CoTextChanged(Partnership, "anna", Text, CoText.GoalDescription, Guid.NewGuid(), 7, """[3,"x",2]""", "anna-tab", 4);

        var first = CoTextDelivery.Of(change);

        Assert.Same(first, CoTextDelivery.Of(change));
        Assert.Equal(new CoTextDelivery(7, """[3,"x",2]""", "anna-tab", 4), first);
    }

    [Fact]
    public void ADelivery_GoesToTheBrowserAsItsFourFields()
    {
        var delivery = new CoTextDelivery(2, """["a",1]""", "ben-tab", 1);

        Assert.Equal("""{"revision":2,"operation":"[\u0022a\u0022,1]","clientId":"ben-tab","clientSeq":1}""", JsonSerializer.Serialize(delivery, JsonSerializerOptions.Web));
    }
}
