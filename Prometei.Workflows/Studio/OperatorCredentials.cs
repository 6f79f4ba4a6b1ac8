using System.Security.Cryptography;
using System.Text;

namespace Prometei.Workflows.Studio;

/// <summary>Checks a user name and password against the configured operator in constant time.</summary>
public static class OperatorCredentials
{
    /// <summary>
    /// True when both match. Both values are hashed first so that the comparison takes the same time whatever the lengths, and
    /// both comparisons always run. The user name is compared without regard to case.
    /// </summary>
    public static bool Matches(StudioOperatorOptions configured, string? userName, string? password)
    {
        if (string.IsNullOrEmpty(configured.Password))
        {
            return false;
        }

        var userOk = FixedTimeEquals(configured.UserName.ToUpperInvariant(), (userName ?? "").ToUpperInvariant());
        var passwordOk = FixedTimeEquals(configured.Password, password ?? "");
        return userOk & passwordOk;
    }

    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(actual)));
}
