package io.kameo.benchmarks.remote.pair;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PKCS#12 key store for Artery's TLS: one RSA key with a self-signed certificate for
 * {@code CN=localhost}, made by the JDK's {@code keytool}; the same file serves as key store and
 * trust store on both sides.
 */
final class SelfSignedKeystore {
  /** The password of the store and of its key (a run-time throwaway). */
  static final String PASSWORD = "kameo-bench";

  private SelfSignedKeystore() {}

  /** Creates the store in a new file in {@code directory}. */
  static Path create(Path directory) throws IOException, InterruptedException {
    Path store = directory.resolve("artery.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "artery",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(store)) {
      p.destroyForcibly();
      throw new IOException("keytool failed: " + output);
    }
    return store;
  }
}
