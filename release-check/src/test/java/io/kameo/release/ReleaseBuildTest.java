package io.kameo.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds one small module (kameo-annotations) twice with the {@code release} profile, in two copies
 * of the build in different directories: once signing with a throwaway GPG key (if gpg is
 * installed), once without a key. Checks the signatures, the unsigned staging, and that both builds
 * made the same jars byte for byte (reproducible builds).
 */
final class ReleaseBuildTest {

  private static final Path ROOT = Path.of(System.getProperty("kameo.root"));
  private static final String VERSION = System.getProperty("kameo.version");
  private static final String MODULE = "kameo-annotations";
  private static final List<String> SUFFIXES =
      List.of(".jar", "-sources.jar", "-javadoc.jar", ".pom");

  @TempDir static Path temp;

  private static Optional<ThrowawayGpgKey> key;
  private static ProjectCopy signed;
  private static ProjectCopy unsigned;

  @BeforeAll
  static void buildTwice() throws IOException {
    key = ThrowawayGpgKey.create(temp.resolve("gnupg"));
    signed = ProjectCopy.of(ROOT, MODULE, temp.resolve("signed"));
    List<String> args = new ArrayList<>(List.of("-Prelease", "verify"));
    key.ifPresent(
        k -> args.addAll(List.of("-Dgpg.homedir=" + k.home(), "-Dgpg.keyname=" + k.fingerprint())));
    signed.maven(args.toArray(String[]::new));
    unsigned = ProjectCopy.of(ROOT, MODULE, temp.resolve("another-directory/unsigned"));
    unsigned.maven("-Prelease", "verify");
  }

  @AfterAll
  static void stopAgent() {
    key.ifPresent(ThrowawayGpgKey::close);
  }

  @Test
  void a_release_build_with_a_key_stages_a_good_signature_beside_every_artifact()
      throws IOException {
    assumeTrue(key.isPresent(), "gpg is not installed: signing is NOT checked");
    StagingRepository staging =
        new StagingRepository(signed.dir().resolve("target/staging"), VERSION);
    for (String suffix : SUFFIXES) {
      Path file = staging.file(MODULE, suffix);
      Path signature = staging.file(MODULE, suffix + ".asc");
      StagingRepository.assertChecksums(file);
      key.get().assertSigned(file, signature);
    }
  }

  @Test
  void a_release_build_without_a_key_stages_everything_but_signs_nothing() throws IOException {
    StagingRepository staging =
        new StagingRepository(unsigned.dir().resolve("target/staging"), VERSION);
    for (String suffix : SUFFIXES) {
      StagingRepository.assertChecksums(staging.file(MODULE, suffix));
    }
    try (Stream<Path> files = Files.walk(staging.root())) {
      assertFalse(files.anyMatch(f -> f.toString().endsWith(".asc")), "signed without a key");
    }
  }

  @Test
  void two_builds_in_different_directories_make_byte_identical_jars() throws IOException {
    for (String suffix : List.of(".jar", "-sources.jar", "-javadoc.jar")) {
      String name = MODULE + "-" + VERSION + suffix;
      Path first = signed.target().resolve(name);
      Path second = unsigned.target().resolve(name);
      assertTrue(Files.isRegularFile(first) && Files.isRegularFile(second), name);
      assertArrayEquals(
          Files.readAllBytes(first), Files.readAllBytes(second), name + " differs between builds");
    }
  }
}
