using Workspace.Web.Components.Account;
using Workspace.Web.Features.Account;

namespace Workspace.Tests.Features.Account;

/// <summary>How keys are shown, codes are read and return addresses are kept on the site.</summary>
public sealed class TwoStepCodesTests
{
    [Fact]
    public void FormatKey_GroupsTheKeyInLowerCaseBlocksOfFour()
    {
        Assert.Equal("abcd efgh ijkl mnop qrst uvwx yz23 4567", TwoStepCodes.FormatKey("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"));
        Assert.Equal("abcd ef", TwoStepCodes.FormatKey("ABCDEF"));
        Assert.Equal("", TwoStepCodes.FormatKey(""));
    }

    [Fact]
    public void AuthenticatorUri_NamesTheIssuerAndEscapesTheAddress()
    {
        var uri = TwoStepCodes.AuthenticatorUri("kim+work@council.example", "ABCDEFGH");

        Assert.Equal("otpauth://totp/Partnership%20Workspace:kim%2Bwork%40council.example?secret=ABCDEFGH&issuer=Partnership%20Workspace&digits=6", uri);
    }

    [Fact]
    public void QrCodeSvg_IsAnInlineSvgWithNoScriptOrStyleAttribute()
    {
        var svg = TwoStepCodes.QrCodeSvg("otpauth://totp/Partnership%20Workspace:kim%40council.example?secret=ABCDEFGH");

        Assert.StartsWith("<svg", svg.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("viewBox", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href", svg, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("123456", "123456")]
    [InlineData(" 123 456 ", "123456")]
    [InlineData("123-456", "123456")]
    [InlineData("12345", null)]
    [InlineData("1234567", null)]
    [InlineData("12345a", null)]
    [InlineData("١٢٣٤٥٦", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ReadAuthenticatorCode_AcceptsSixDigitsOnly(string? typed, string? expected) =>
        Assert.Equal(expected, TwoStepCodes.ReadAuthenticatorCode(typed));

    [Theory]
    [InlineData("BCDFG-23456", "BCDFG-23456")]
    [InlineData("bcdfg23456", "BCDFG-23456")]
    [InlineData(" bcdfg 23456 ", "BCDFG-23456")]
    [InlineData("BCDFG-2345", null)]
    [InlineData("BCDFG-23456-X", null)]
    [InlineData("BCDFG;23456", null)]
    [InlineData("", null)]
    public void ReadRecoveryCode_IgnoresCaseSpacesAndTheHyphen(string typed, string? expected) =>
        Assert.Equal(expected, TwoStepCodes.ReadRecoveryCode(typed));

    [Theory]
    [InlineData("partnerships/abc", "partnerships/abc")]
    [InlineData("/partnerships/abc?tab=goals#top", "/partnerships/abc?tab=goals#top")]
    [InlineData("invite/abc?next=https://x.example", "invite/abc?next=https://x.example")]
    [InlineData("https://evil.example/", "partnerships")]
    [InlineData("//evil.example/", "partnerships")]
    [InlineData("/\\evil.example", "partnerships")]
    [InlineData("javascript:alert(1)", "partnerships")]
    [InlineData(" https://evil.example", "partnerships")]
    [InlineData("", "partnerships")]
    [InlineData(null, "partnerships")]
    public void LocalOr_KeepsOnlyPathsOnThisSite(string? returnUrl, string expected) =>
        Assert.Equal(expected, IdentityRedirectManager.LocalOr(returnUrl, "partnerships"));

    [Fact]
    public void WasUsed_RefusesTheSameCodeWithinTheWindow_AndOnlyThatCode()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

        Assert.True(SingleUseAuthenticatorTokenProvider.WasUsed("123456@1799999990", "123456", now));
        Assert.False(SingleUseAuthenticatorTokenProvider.WasUsed("123456@1799999990", "654321", now));
        Assert.False(SingleUseAuthenticatorTokenProvider.WasUsed("123456@1799999000", "123456", now));
        Assert.False(SingleUseAuthenticatorTokenProvider.WasUsed(null, "123456", now));
        Assert.False(SingleUseAuthenticatorTokenProvider.WasUsed("garbled", "123456", now));
    }
}
