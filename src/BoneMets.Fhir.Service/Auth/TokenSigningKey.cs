using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace BoneMets.Fhir.Service.Auth;

/// <summary>
/// The key the service signs its access tokens with (ES384): read from Authorization:SigningKeyPath, or from
/// "token-signing-key.pem" in the data directory, generated there on first start (owner-only on Unix).
/// </summary>
public sealed class TokenSigningKey
{
    public const string FileName = "token-signing-key.pem";
    public const string Algorithm = SecurityAlgorithms.EcdsaSha384;

    private TokenSigningKey(ECDsaSecurityKey key) => Key = key;

    public ECDsaSecurityKey Key { get; }

    public SigningCredentials Credentials => new(Key, Algorithm);

    public static TokenSigningKey LoadOrCreate(string path)
    {
        var ecdsa = ECDsa.Create();
        if (File.Exists(path))
        {
            ecdsa.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            ecdsa.GenerateKey(ECCurve.NamedCurves.nistP384);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var temporary = path + ".tmp";
            var pem = ecdsa.ExportPkcs8PrivateKeyPem();
            if (OperatingSystem.IsWindows())
            {
                File.WriteAllText(temporary, pem);
            }
            else
            {
                using var stream = new FileStream(temporary, new FileStreamOptions
                {
                    Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
                using var writer = new StreamWriter(stream);
                writer.Write(pem);
            }

            // Two instances starting together on one data folder: the first rename wins, the second reads the winner's key.
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException)
            {
                File.Delete(temporary);
                ecdsa.ImportFromPem(File.ReadAllText(path));
            }
        }

        var key = new ECDsaSecurityKey(ecdsa);
        key.KeyId = Base64UrlEncoder.Encode(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(key).ComputeJwkThumbprint());
        return new TokenSigningKey(key);
    }
}
