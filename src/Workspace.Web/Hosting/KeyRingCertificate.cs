using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Workspace.Web.Hosting;

/// <summary>
/// Encrypts the Data Protection key ring at rest with a certificate: a PFX file
/// (<c>DataProtection:Certificate:Path</c> and <c>:Password</c>) or one from the certificate store
/// (<c>DataProtection:Certificate:Thumbprint</c>). Without either the keys are stored as plain XML, and
/// whoever can read the keys folder can forge sign-in cookies.
/// </summary>
public static class KeyRingCertificate
{
    public const string PathSetting = "DataProtection:Certificate:Path";
    public const string PasswordSetting = "DataProtection:Certificate:Password";
    public const string ThumbprintSetting = "DataProtection:Certificate:Thumbprint";

    public static void Apply(IDataProtectionBuilder dataProtection, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[PathSetting] is { Length: > 0 } path)
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{PathSetting}: there is no certificate file at '{path}'.");
            }

            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[PasswordSetting]);
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidOperationException($"{PathSetting}: the certificate in '{path}' has no private key, so the keys it encrypts could not be read back.");
            }

            // Also registers it for decryption, so the ring is read back without the certificate in a store.
            dataProtection.ProtectKeysWithCertificate(certificate);
        }
        else if (configuration[ThumbprintSetting] is { Length: > 0 } thumbprint)
        {
            dataProtection.ProtectKeysWithCertificate(thumbprint.Trim());
        }
    }
}
