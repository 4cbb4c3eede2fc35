using Workspace.Web.Features.Common;
using Workspace.Web.Features.Dialogue;

namespace Workspace.Tests.Features.Common;

public sealed class EnumTextTests
{
    [Fact]
    public void AValueWithADisplayName_ReadsAsThatName() =>
        Assert.Equal("In progress", ActionState.InProgress.ToText());

    [Fact]
    public void AValueWithoutOne_ReadsAsItsName() =>
        Assert.Equal("Open", ActionState.Open.ToText());

    [Fact]
    public void AnUndefinedValue_ReadsAsItsNumber() =>
        Assert.Equal("42", ((ActionState)42).ToText());

    [Fact]
    public void ReadingTwice_GivesTheSameText() =>
        Assert.Same(DecisionRule.Majority.ToText(), DecisionRule.Majority.ToText());
}
