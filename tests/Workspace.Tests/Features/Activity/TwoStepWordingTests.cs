using Workspace.Web.Data;
using Workspace.Web.Features.Activity;

namespace Workspace.Tests.Features.Activity;

/// <summary>Two-step sign-in's records read as plain sentences, and none of them names a key or a code.</summary>
public sealed class TwoStepWordingTests
{
    private static string Text(string field, string? oldValue, string? newValue) =>
        ActivityService.Describe(new ChangeRecord { EntityType = "Account", Field = field, UserId = "u", OldValue = oldValue, NewValue = newValue }, _ => "Ana").Text;

    [Theory]
    [InlineData("TwoStepSignIn", "Off", "On", "turned on two-step sign-in")]
    [InlineData("TwoStepSignIn", "On", "Off", "turned off two-step sign-in")]
    [InlineData("AuthenticatorReset", null, "Reset", "reset their authenticator app key")]
    [InlineData("RecoveryCodesRenewed", null, "10", "made new recovery codes, which replace the old ones")]
    [InlineData("SignedIn", null, "Succeeded", "signed in")]
    [InlineData("SignedIn", null, "AuthenticatorCode", "signed in with a code from their authenticator app")]
    [InlineData("SignedIn", null, "RecoveryCode", "signed in with a recovery code")]
    [InlineData("SignInFailed", null, "WrongAuthenticatorCode", "failed to sign in (wrong code from the authenticator app)")]
    [InlineData("SignInFailed", null, "WrongRecoveryCode", "failed to sign in (wrong recovery code)")]
    [InlineData("SignInFailed", null, "LockedOut", "failed to sign in (account locked after too many attempts)")]
    public void Describe_WordsTwoStepRecords(string field, string? oldValue, string? newValue, string expected) =>
        Assert.Equal(expected, Text(field, oldValue, newValue));

    [Fact]
    public void Kinds_ListEveryTwoStepRecord()
    {
        Assert.Contains(("Account", "TwoStepSignIn"), ActivityWording.Kinds);
        Assert.Contains(("Account", "AuthenticatorReset"), ActivityWording.Kinds);
        Assert.Contains(("Account", "RecoveryCodesRenewed"), ActivityWording.Kinds);
    }
}
