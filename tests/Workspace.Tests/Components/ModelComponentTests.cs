using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Workspace.Web.Components.Common;

namespace Workspace.Tests.Components;

/// <summary>
/// The one rule every live part follows: it renders again when its model changed by value, never for
/// an equal copy, and always after its own UI events.
/// </summary>
public sealed class ModelComponentTests : BunitContext
{
    [Fact]
    public void AnEqualCopyOfTheModel_DoesNotRender()
    {
        var part = Render<Counter>(p => p.Add(c => c.Model, new CounterModel("Ideas", ValueList<string>.Of(["a", "b"]))));

        part.Render(p => p.Add(c => c.Model, new CounterModel("Ideas", ValueList<string>.Of(["a", "b"]))));

        Assert.Equal(1, part.Instance.Renders);
    }

    [Theory]
    [InlineData("Votes", "a", "b")]
    [InlineData("Ideas", "a", "c")]
    [InlineData("Ideas", "a")]
    public void AnyChangeInTheModel_Renders(string label, params string[] items)
    {
        var part = Render<Counter>(p => p.Add(c => c.Model, new CounterModel("Ideas", ValueList<string>.Of(["a", "b"]))));

        part.Render(p => p.Add(c => c.Model, new CounterModel(label, ValueList<string>.Of(items))));

        Assert.Equal(2, part.Instance.Renders);
        Assert.Equal($"{label}: {string.Join(",", items)}", part.Find("p").TextContent);
    }

    [Fact]
    public async Task ItsOwnClick_RendersWithTheSameModel()
    {
        var part = Render<Counter>(p => p.Add(c => c.Model, new CounterModel("Ideas", ValueList<string>.Empty)));

        await part.Find("button").ClickAsync(new MouseEventArgs());

        Assert.Equal("Open", part.Find("button").TextContent);
        Assert.Equal(2, part.Instance.Renders);
    }

    [Fact]
    public void ValueLists_EqualByItems_AndHashAlike()
    {
        var one = ValueList<int>.Of([1, 2, 3]);
        var same = Enumerable.Range(1, 3).ToValueList();

        Assert.Equal(one, same);
        Assert.Equal(one.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(one, ValueList<int>.Of([1, 2]));
        Assert.NotEqual(one, ValueList<int>.Of([3, 2, 1]));
        Assert.Same(one, one.ToValueList());
    }

    private sealed record CounterModel(string Label, ValueList<string> Items);

    private sealed class Counter : ModelComponent<CounterModel>
    {
        private bool _open;

        public int Renders { get; private set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            Renders++;
            builder.OpenElement(0, "p");
            builder.AddContent(1, $"{Model.Label}: {string.Join(",", Model.Items)}");
            builder.CloseElement();
            builder.OpenElement(2, "button");
            builder.AddAttribute(3, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, () => _open = true));
            builder.AddContent(4, _open ? "Open" : "Closed");
            builder.CloseElement();
        }
    }
}
