package cloud.sirocco.orca.webhook.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/** The certificate and key files' bytes, read together; cheap enough to repeat every few seconds. */
public record PemFiles(byte[] certPem, byte[] keyPem) {

  /** Reads both files, following symlinks (a Secret volume swaps its {@code ..data} link on update). */
  public static PemFiles read(Path cert, Path key) throws IOException {
    return new PemFiles(Files.readAllBytes(cert), Files.readAllBytes(key));
  }

  /** A digest of both files: it changes whenever either does. */
  public byte[] fingerprint() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(certPem);
      digest.update((byte) 0);
      digest.update(keyPem);
      return digest.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
