using System.Text;
using QRCoder;

namespace Workspace.Web.Features.Account;

/// <summary>
/// How authenticator keys are shown and typed codes are read: pure text rules, kept apart from the
/// pages so they can be tested on their own.
/// </summary>
public static class TwoStepCodes
{
    public const string Issuer = "Partnership Workspace";

    public const int RecoveryCodeCount = 10;

    /// <summary>Below this many unused recovery codes the person is warned to make new ones.</summary>
    public const int FewRecoveryCodes = 3;

    /// <summary>The key in lower-case blocks of four, easier to copy by hand: "abcd efgh ijkl".</summary>
    public static string FormatKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0)
            {
                text.Append(' ');
            }

            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }

        return text.ToString().ToLowerInvariant();
    }

    /// <summary>The otpauth address an authenticator app reads from the QR code (the Key URI format).</summary>
    public static string AuthenticatorUri(string email, string key)
    {
        var issuer = Uri.EscapeDataString(Issuer);
        return $"otpauth://totp/{issuer}:{Uri.EscapeDataString(email)}?secret={key}&issuer={issuer}&digits=6";
    }

    /// <summary>The QR code of <paramref name="text"/> as an SVG element, drawn on the server (no script, no image request).</summary>
    public static string QrCodeSvg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(5, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    /// <summary>The six digits of a typed authenticator code, spaces and hyphens ignored; null when it is not six digits.</summary>
    public static string? ReadAuthenticatorCode(string? typed)
    {
        var code = Strip(typed);
        return code.Length == 6 && code.All(char.IsAsciiDigit) ? code : null;
    }

    /// <summary>
    /// A typed recovery code in the form Identity stores ("ABCDE-FGHIJ"): case, spaces and the hyphen do
    /// not matter. Null when it cannot be one.
    /// </summary>
    public static string? ReadRecoveryCode(string? typed)
    {
        var code = Strip(typed).ToUpperInvariant();
        return code.Length == 10 && code.All(char.IsAsciiLetterOrDigit) ? $"{code[..5]}-{code[5..]}" : null;
    }

    private static string Strip(string? typed) =>
        string.Concat((typed ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-'));
}
