using Bunit;
using Workspace.Web.Components.Common;
using Workspace.Web.Features.Common;
using Workspace.Web.Features.Goals;
using Workspace.Web.Features.Organisations;

namespace Workspace.Tests.Features.Goals;

/// <summary>
/// The progress meter and the status and sector chips, rendered inline in their page's tree (not as
/// components): the same markup and text as before, the fill clamped to the bar.
/// </summary>
public sealed class InlineBadgesTests : BunitContext
{
    [Theory]
    [InlineData(0.456, "46%", "translateX(-54%)", "mud-progress-linear-color-primary")]
    [InlineData(0.0, "0%", "translateX(-100%)", "mud-progress-linear-color-primary")]
    [InlineData(1.0, "100%", "translateX(-0%)", "mud-progress-linear-color-success")]
    [InlineData(1.4, "140%", "translateX(-0%)", "mud-progress-linear-color-success")]
    public void ProgressMeter_ShowsTheFigure_AndAFillWithinTheBar(double progress, string text, string transform, string colour)
    {
        var meter = Render(ProgressMeter.Of(progress));

        var root = meter.Find(".progress-meter");
        Assert.Equal("img", root.GetAttribute("role"));
        Assert.Equal($"Progress {text}", root.GetAttribute("aria-label"));
        Assert.Equal(text, meter.Find(".progress-text").TextContent);
        Assert.Contains(colour, meter.Find(".progress-bar").ClassList);
        Assert.Equal("true", meter.Find(".progress-bar").GetAttribute("aria-hidden"));
        Assert.Contains(transform, meter.Find(".mud-progress-linear-bar").GetAttribute("style"), StringComparison.Ordinal);
    }

    [Fact]
    public void ProgressMeter_WithoutMeasurements_SaysSo()
    {
        Assert.Equal("No measurements yet", Render(ProgressMeter.Of(null)).Find(".progress-none").TextContent);
    }

    [Fact]
    public void StatusChip_ShowsTheStatus_InItsColour()
    {
        var chip = Render(GoalStatusChip.Of(GoalStatus.AtRisk));

        Assert.Equal("At risk", chip.Find(".mud-chip-content").TextContent);
        Assert.Contains("mud-chip-color-warning", chip.Find(".goal-status-chip").ClassList);
        Assert.Same(GoalStatusChip.Of(GoalStatus.AtRisk), GoalStatusChip.Of(GoalStatus.AtRisk));
    }

    [Fact]
    public void SectorChip_ShowsTheSector_OrNothing()
    {
        var chip = Render(SectorChip.Of(Sector.CivilSociety));

        Assert.Contains("sector-civilsociety", chip.Find(".sector-chip").ClassList);
        Assert.Equal(Sector.CivilSociety.ToText(), chip.Find(".mud-chip-content").TextContent);
        Assert.Empty(Render(SectorChip.Of(null)).Markup.Trim());
    }
}
