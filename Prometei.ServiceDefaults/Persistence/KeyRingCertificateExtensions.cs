using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Prometei.ServiceDefaults.Configuration;

namespace Prometei.ServiceDefaults.Persistence;

/// <summary>
/// Keys of the Data Protection key ring encrypted at rest with a certificate: <c>DataProtection:CertificatePath</c> names a
/// PKCS#12 file (with its private key; <c>DataProtection:CertificatePassword</c> when it has one). Then reading the database
/// (or the keys folder) no longer gives the keys that protect the secrets stored beside them. Keys written before stay
/// readable; keys created from then on are encrypted. Without the setting, keys are stored as Data Protection writes them.
/// </summary>
public static class KeyRingCertificateExtensions
{
    public const string CertificatePathSetting = "DataProtection:CertificatePath";
    public const string CertificatePasswordSetting = "DataProtection:CertificatePassword";

    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder protection, IConfiguration configuration)
    {
        if (configuration[CertificatePathSetting] is not { Length: > 0 } path)
        {
            return protection;
        }

        // A wrong file stops the start with one line naming the setting (RunCheckedAsync), never the path or the password.
        if (!File.Exists(path))
        {
            ConfigurationProblem.Report(protection.Services, $"{CertificatePathSetting} names no file.");
            return protection;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[CertificatePasswordSetting], X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            ConfigurationProblem.Report(protection.Services,
                $"{CertificatePathSetting} cannot be read as a PKCS#12 file with {CertificatePasswordSetting} (not PKCS#12, a wrong password, or not readable).");
            return protection;
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            ConfigurationProblem.Report(protection.Services, $"The certificate in {CertificatePathSetting} has no private key: the key ring could be encrypted but never read.");
            return protection;
        }

        return protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
    }
}
