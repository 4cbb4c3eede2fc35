using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workspace.Tests.Data;
using Workspace.Web;
using Workspace.Web.Hosting;

namespace Workspace.Tests.Hosting;

/// <summary>With a certificate configured, the key ring that signs cookies is encrypted on disk and still read back after a restart.</summary>
public sealed class KeyRingCertificateTests : IDisposable
{
    private const string CertificatePassword = "pfx-Password-1";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"workspace-keyring-{Guid.NewGuid():N}");

    public KeyRingCertificateTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string KeysFolder => Path.Combine(_folder, "keys");

    [Fact]
    public void WithACertificateFile_KeysAreEncryptedAtRest_AndReadBackByTheNextStart()
    {
        var certificate = WriteCertificate();
        var settings = new Dictionary<string, string?> { [KeyRingCertificate.PathSetting] = certificate, [KeyRingCertificate.PasswordSetting] = CertificatePassword };

        string cookie;
        using (var first = AppServices(settings))
        {
            cookie = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("signed in");
        }

        using var restarted = AppServices(settings);
        var read = restarted.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(cookie);

        Assert.Equal("signed in", read);
        var key = File.ReadAllText(Assert.Single(Directory.GetFiles(KeysFolder, "key-*.xml")));
        Assert.Contains("<encryptedSecret", key, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutACertificate_TheKeyIsPlainXml()
    {
        using (var app = AppServices([]))
        {
            app.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("signed in");
        }

        var key = File.ReadAllText(Assert.Single(Directory.GetFiles(KeysFolder, "key-*.xml")));
        Assert.Contains("<masterKey", key, StringComparison.Ordinal);
        Assert.DoesNotContain("<encryptedSecret", key, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingCertificateFile_StopsTheStart_NamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AppServices(new() { [KeyRingCertificate.PathSetting] = Path.Combine(_folder, "missing.pfx") }));

        Assert.Contains(KeyRingCertificate.PathSetting, error.Message, StringComparison.Ordinal);
    }

    private ServiceProvider AppServices(Dictionary<string, string?> settings)
    {
        settings["DataProtection:KeysPath"] = KeysFolder;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWorkspaceIdentity(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), new TestHostEnvironment(_folder));
        return services.BuildServiceProvider();
    }

    private string WriteCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Workspace key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, "keyring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        return path;
    }
}
