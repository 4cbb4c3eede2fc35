using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Workspace.Web.Components.Common;
using Workspace.Web.Data;

namespace Workspace.Tests.Components;

/// <summary>
/// Every feature component's event handling: a save that finds the database busy ends in the calm
/// message with the typed text kept and the component still live; any other failure still surfaces.
/// </summary>
public sealed class WorkspaceComponentBaseTests : BunitContext
{
    public WorkspaceComponentBaseTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Fact]
    public async Task ASaveThatFindsTheDatabaseBusy_ShowsTheMessage_KeepsTheText_AndTheComponentGoesOn()
    {
        var busy = new DbUpdateException("An error occurred while saving the entity changes.", new SqliteException("database is locked", 5));
        var form = Render<TypingForm>(p => p.Add(f => f.Fault, busy));

        await form.Find("button").ClickAsync(new MouseEventArgs());
        await form.Find("button").ClickAsync(new MouseEventArgs());

        Assert.Equal("What I typed", form.Find("textarea").GetAttribute("value"));
        Assert.Equal("Save (2 attempts)", form.Find("button").TextContent);
        var shown = Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message).ToList();
        Assert.Contains(StorageFaults.Message, shown);
        Assert.False(Renderer.UnhandledException.IsCompleted);
    }

    [Fact]
    public async Task AnyOtherFailure_StillReachesTheCircuit()
    {
        var form = Render<TypingForm>(p => p.Add(f => f.Fault, new InvalidOperationException("A bug.")));

        await form.Find("button").ClickAsync(new MouseEventArgs());

        // The renderer gets it, as in a circuit, where it ends the circuit.
        var error = await Renderer.UnhandledException.WaitAsync(TimeSpan.FromSeconds(10), Xunit.TestContext.Current.CancellationToken);
        Assert.Equal("A bug.", Assert.IsType<InvalidOperationException>(error).Message);
        Assert.DoesNotContain(StorageFaults.Message, Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message));
    }

    [Fact]
    public async Task ASaveThatWorks_RendersItsResult()
    {
        var form = Render<TypingForm>();

        await form.Find("button").ClickAsync(new MouseEventArgs());

        Assert.Equal("", form.Find("textarea").GetAttribute("value"));
        Assert.Empty(Services.GetRequiredService<ISnackbar>().ShownSnackbars);
        Assert.False(Renderer.UnhandledException.IsCompleted);
    }

    /// <summary>A form whose save clears the text only once it succeeded, as the app's forms do.</summary>
    private sealed class TypingForm : WorkspaceComponentBase
    {
        private string _text = "What I typed";
        private int _attempts;

        [Parameter]
        public Exception? Fault { get; set; }

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "textarea");
            builder.AddAttribute(1, "value", _text);
            builder.CloseElement();
            builder.OpenElement(2, "button");
            builder.AddAttribute(3, "onclick", EventCallback.Factory.Create<MouseEventArgs>(this, SaveAsync));
            builder.AddContent(4, $"Save ({_attempts} attempts)");
            builder.CloseElement();
        }

        private async Task SaveAsync()
        {
            _attempts++;
            await Task.Yield();
            if (Fault is not null)
            {
                throw Fault;
            }

            _text = "";
        }
    }
}
