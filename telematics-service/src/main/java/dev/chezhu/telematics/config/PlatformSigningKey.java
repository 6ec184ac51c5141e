package dev.chezhu.telematics.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.chezhu.telematics.domain.Ed25519Keys;
import io.quarkus.runtime.Startup;

/**
 * The platform's Ed25519 key that signs service records. Taken, in order, from
 * {@code chezhu.telematics.signing.private-key} (base64 PKCS#8, e.g. from a Kubernetes Secret), or
 * from the PKCS#8 file {@code chezhu.telematics.signing.key-file}; when neither exists and
 * {@code generate-if-missing} is true (development), a key is generated into that file (mode 600),
 * with its public key beside it ({@code .pub}, base64 SPKI). No key, no start.
 */
@Singleton
@Startup
public class PlatformSigningKey {

    private static final Logger LOG = Logger.getLogger(PlatformSigningKey.class);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    public PlatformSigningKey(
            @ConfigProperty(name = "chezhu.telematics.signing.private-key") Optional<String> inline,
            @ConfigProperty(name = "chezhu.telematics.signing.public-key") Optional<String> inlinePublic,
            @ConfigProperty(name = "chezhu.telematics.signing.key-file") Path keyFile,
            @ConfigProperty(name = "chezhu.telematics.signing.generate-if-missing") boolean generate) {
        try {
            if (inline.isPresent() && !inline.get().isBlank()) {
                privateKey = Ed25519Keys.privateKey(Base64.getDecoder().decode(inline.get().strip()));
                publicKey = Ed25519Keys.publicKey(inlinePublic.orElseThrow(() -> new IllegalStateException(
                        "chezhu.telematics.signing.public-key is required with signing.private-key")));
            } else if (Files.exists(keyFile)) {
                privateKey = Ed25519Keys.privateKey(Files.readAllBytes(keyFile));
                publicKey = Ed25519Keys.publicKey(Files.readString(publicFile(keyFile)));
            } else if (generate) {
                KeyPair pair = Ed25519Keys.generate();
                Path parent = keyFile.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Files.write(keyFile, pair.getPrivate().getEncoded());
                try {
                    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                Files.writeString(publicFile(keyFile), Ed25519Keys.encode(pair.getPublic()) + "\n", StandardCharsets.US_ASCII);
                privateKey = pair.getPrivate();
                publicKey = pair.getPublic();
                LOG.warnf("Generated a DEVELOPMENT service-history signing key at %s (public key: %s). In production"
                        + " provide chezhu.telematics.signing.private-key/public-key from a Secret.", keyFile,
                        publicFile(keyFile));
            } else {
                throw new IllegalStateException("No service-history signing key: set chezhu.telematics.signing."
                        + "private-key/public-key, or provide " + keyFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.infof("Service-history signing key %s", keyId());
    }

    static Path publicFile(Path keyFile) {
        return keyFile.resolveSibling(keyFile.getFileName() + ".pub");
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return Ed25519Keys.keyId(publicKey);
    }

    public String publicKeyBase64() {
        return Ed25519Keys.encode(publicKey);
    }
}
