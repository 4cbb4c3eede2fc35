using Workspace.Web.Features.Common;

namespace Workspace.Tests.Features.Common;

public sealed class PersonNamesTests
{
    [Theory]
    [InlineData("Ana Costa", "AC")]
    [InlineData("ana maria costa", "AM")]
    [InlineData("  Ben   Okoro  ", "BO")]
    [InlineData("Li", "L")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    public void Initials_AreTheFirstLettersOfUpToTwoWords(string name, string expected) =>
        Assert.Equal(expected, PersonNames.Initials(name));
}
