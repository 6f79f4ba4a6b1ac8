using System.Net;
using Prometei.Api.IntegrationTests.Support;
using Prometei.Testing;

namespace Prometei.Api.IntegrationTests;

/// <summary>Two Api processes that share no folder (each its own HOME) read each other's stored tokens: the key ring is in the ledger.</summary>
[Collection(PostgresFixture.CollectionName)]
public sealed class SharedKeyRingTests(PostgresFixture postgres)
{
    [Fact]
    public async Task TwoNodes_WithoutASharedFolder_ReadTheTokensTheOtherStored()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        var homes = new[] { Directory.CreateTempSubdirectory("prometei-node-a-"), Directory.CreateTempSubdirectory("prometei-node-b-") };
        try
        {
            Dictionary<string, string?> Node(int i) => new() { ["DataProtection__KeysPath"] = "", ["HOME"] = homes[i].FullName };

            // Node A stores the seeded pair, then a refreshed one (both encrypted with the key ring).
            var a = world.ProcessClient(await world.StartProcessAsync(Node(0)));
            Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/api/amocrm/leads/{ApiHarness.SeedLeadId}")).StatusCode);
            await world.Control.ExpireAccessTokensAsync();
            Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/api/amocrm/leads/{ApiHarness.SeedLeadId}")).StatusCode);

            // Node B, started later on another "host", decrypts the refreshed pair and uses it: no second refresh.
            var b = world.ProcessClient(await world.StartProcessAsync(Node(1)));
            Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"/api/amocrm/leads/{ApiHarness.SeedLeadId}")).StatusCode);

            Assert.Equal(1, (await world.Control.GetTokenCallsAsync()).Count(c => c.GrantType == "refresh_token"));
            Assert.Equal(2, await world.ScalarAsync("SELECT generation FROM amocrm_connection"));
            Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM data_protection_keys"));
            Assert.All(homes, h => Assert.False(Directory.Exists(Path.Combine(h.FullName, ".aspnet", "DataProtection-Keys")), "a key in the node's own folder"));
        }
        finally
        {
            foreach (var home in homes)
            {
                home.Delete(recursive: true);
            }
        }
    }

    [Fact]
    public async Task WithACertificate_TheStoredKeysAreEncrypted_AndAnotherNodeWithItReadsTheTokens()
    {
        await using var world = await ApiHarness.StartAsync(postgres);
        var folder = Directory.CreateTempSubdirectory("prometei-key-cert-");
        try
        {
            using (var rsa = System.Security.Cryptography.RSA.Create(2048))
            {
                var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
                    "CN=prometei-key-ring", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
                using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
                await File.WriteAllBytesAsync(Path.Combine(folder.FullName, "key-ring.pfx"), certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "pfx-password"));
            }

            Dictionary<string, string?> Node(string home) => new()
            {
                ["DataProtection__KeysPath"] = "",
                ["DataProtection__CertificatePath"] = Path.Combine(folder.FullName, "key-ring.pfx"),
                ["DataProtection__CertificatePassword"] = "pfx-password",
                ["HOME"] = Directory.CreateDirectory(Path.Combine(folder.FullName, home)).FullName,
            };

            var a = world.ProcessClient(await world.StartProcessAsync(Node("a")));
            await world.Control.ExpireAccessTokensAsync();
            Assert.Equal(HttpStatusCode.OK, (await a.GetAsync($"/api/amocrm/leads/{ApiHarness.SeedLeadId}")).StatusCode);
            var b = world.ProcessClient(await world.StartProcessAsync(Node("b")));
            Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"/api/amocrm/leads/{ApiHarness.SeedLeadId}")).StatusCode);

            Assert.Equal(1, (await world.Control.GetTokenCallsAsync()).Count(c => c.GrantType == "refresh_token"));
            Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM data_protection_keys"));
            Assert.Equal(1, await world.ScalarAsync("SELECT count(*) FROM data_protection_keys WHERE xml LIKE '%EncryptedData%' AND xml NOT LIKE '%unencrypted form%'"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
