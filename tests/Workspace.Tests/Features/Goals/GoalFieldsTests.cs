using Workspace.Web.Features.Goals;

namespace Workspace.Tests.Features.Goals;

/// <summary>The table of goal fields: every field has its line, and values read as people expect.</summary>
public sealed class GoalFieldsTests
{
    [Fact]
    public void EveryGoalField_HasALineInTheTable()
    {
        Assert.Equal(Enum.GetValues<GoalField>(), GoalFields.All.Select(d => d.Field));
    }

    [Fact]
    public void ReadAndWrite_RoundTripEveryField()
    {
        var goal = new Goal { PartnershipId = Guid.NewGuid(), Title = "" };
        var values = new Dictionary<GoalField, string?>
        {
            [GoalField.Title] = "Fewer young people reoffend",
            [GoalField.Description] = "In **every** ward.",
            [GoalField.Status] = nameof(GoalStatus.AtRisk),
            [GoalField.LeadOrganisation] = Guid.NewGuid().ToString(),
            [GoalField.Owner] = "user-1",
            [GoalField.DueDate] = "2027-03-31",
            [GoalField.Parent] = Guid.NewGuid().ToString(),
        };

        foreach (var (field, value) in values)
        {
            GoalFields.Of(field).Write(goal, value);
            Assert.Equal(value, GoalFields.Of(field).Read(goal));
        }
    }

    [Theory]
    [InlineData(GoalField.Status, "AtRisk", "At risk")]
    [InlineData(GoalField.DueDate, "2027-03-31", "31 Mar 2027")]
    [InlineData(GoalField.Owner, "gone", "A former member")]
    [InlineData(GoalField.Parent, "gone", "A goal")]
    [InlineData(GoalField.LeadOrganisation, "unknown-id", "unknown-id")]
    [InlineData(GoalField.Title, "As typed", "As typed")]
    public void Display_NamesWhatIsStored(GoalField field, string stored, string shown)
    {
        Assert.Equal(shown, GoalFields.Display(field, stored, _ => null, _ => null, _ => null));
    }

    [Theory]
    [InlineData("LeadOrganisation", "lead organisation")]
    [InlineData("DueDate", "due date")]
    [InlineData("Parent", "parent goal")]
    [InlineData("Status", "status")]
    public void Label_NamesTheFieldInASentence(string key, string label)
    {
        Assert.Equal(label, GoalFields.Label(key));
    }
}
