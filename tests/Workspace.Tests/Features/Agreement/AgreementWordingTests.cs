using Workspace.Web.Data;
using Workspace.Web.Features.Activity;

namespace Workspace.Tests.Features.Agreement;

/// <summary>The agreement's records read as plain sentences on the Activity page.</summary>
public sealed class AgreementWordingTests
{
    [Theory]
    [InlineData("AgreementSection", "DecisionMaking", "Text", "Old text", "New text", "edited the agreement’s section “How decisions are made”")]
    [InlineData("AgreementVersion", "3", "Issued", null, "Version 3", "issued version 3 of the partnering agreement")]
    [InlineData("AgreementSignature", "org", "Signed", null, "Version 2\u001fNorthern Bank", "signed version 2 of the partnering agreement for Northern Bank")]
    [InlineData("AgreementSignature", "org", "Reconfirmed", null, "Version 2\u001fNorthern Bank", "re-confirmed version 2 of the partnering agreement for Northern Bank")]
    public void Describe_WordsAgreementRecords(string entityType, string entityId, string field, string? oldValue, string? newValue, string expected)
    {
        var record = new ChangeRecord { EntityType = entityType, EntityId = entityId, Field = field, UserId = "u", OldValue = oldValue, NewValue = newValue };

        Assert.Equal(expected, ActivityService.Describe(record, _ => "Ana").Text);
    }

    [Fact]
    public void IssuingWithANote_ShowsTheNoteAsTheDetail()
    {
        var record = new ChangeRecord { EntityType = "AgreementVersion", EntityId = "2", Field = "Issued", UserId = "u", NewValue = "Six months' notice to leave" };

        Assert.Equal("Six months' notice to leave", ActivityService.Describe(record, _ => "Ana").Detail);
    }
}
