package io.kameo.release;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A GPG key without passphrase, made for one test run in its own GPG home directory (never the
 * user's keyring), and the gpg commands that use it.
 */
record ThrowawayGpgKey(Path home, String fingerprint) {

  /** Makes a key in {@code home}, or returns empty if there is no working {@code gpg}. */
  static Optional<ThrowawayGpgKey> create(Path home) throws IOException {
    if (!gpgInstalled()) {
      return Optional.empty();
    }
    Files.createDirectories(
        home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    run(
        home,
        "--passphrase",
        "",
        "--quick-gen-key",
        "Kameo release check <release-check@kameo.invalid>",
        "ed25519",
        "sign",
        "never");
    String fingerprint =
        run(home, "--list-secret-keys", "--with-colons")
            .lines()
            .filter(line -> line.startsWith("fpr:"))
            .findFirst()
            .map(line -> line.split(":")[9])
            .orElseThrow(() -> new AssertionError("gpg made no key"));
    return Optional.of(new ThrowawayGpgKey(home, fingerprint));
  }

  /** Asserts that {@code signature} is a good signature of {@code file} by this key. */
  void assertSigned(Path file, Path signature) {
    String out = run(home, "--status-fd", "1", "--verify", signature.toString(), file.toString());
    if (!out.contains("[GNUPG:] VALIDSIG " + fingerprint)) {
      throw new AssertionError(
          "no valid signature of " + file + " by " + fingerprint + ":\n" + out);
    }
  }

  /** Stops the gpg-agent that gpg started for this home directory. */
  void close() {
    try {
      new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent")
          .redirectErrorStream(true)
          .start()
          .waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no gpgconf: the agent ends by itself when its home directory is deleted
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean gpgInstalled() {
    try {
      Process gpg = new ProcessBuilder("gpg", "--version").redirectErrorStream(true).start();
      gpg.getInputStream().readAllBytes();
      return gpg.waitFor(30, TimeUnit.SECONDS) && gpg.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String run(Path home, String... args) {
    List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--homedir", home.toString()));
    command.addAll(List.of(args));
    try {
      Process gpg = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(gpg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!gpg.waitFor(60, TimeUnit.SECONDS)) {
        gpg.destroyForcibly();
        throw new AssertionError("gpg did not finish: " + command);
      }
      assertEquals(0, gpg.exitValue(), () -> String.join(" ", command) + " failed:\n" + out);
      return out;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
