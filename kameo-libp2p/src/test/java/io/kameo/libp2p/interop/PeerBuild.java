package io.kameo.libp2p.interop;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the launchers of the compiled interop peers ({@link GoPeer}, {@link RustPeer}) share: the
 * cache outside the clone where their builds live, the hash that names a build, the toolchain
 * look-up and a bounded build run whose output goes to a log quoted in every failure.
 */
final class PeerBuild {
  private PeerBuild() {}

  /**
   * Returns {@code ~/.cache/kameo-interop}: {@code $XDG_CACHE_HOME} or the system property {@code
   * kameo.interop.cache} move it.
   */
  static Path cacheDir() {
    String configured = System.getProperty("kameo.interop.cache");
    if (configured != null) {
      return Path.of(configured);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isEmpty()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("kameo-interop");
  }

  /**
   * Returns the command to run a tool: the system property {@code property} if set, else {@code
   * name} if it is on the {@code PATH}, else {@code standard} if it is executable there, else
   * {@code name} (which then fails to start, with the tool's install hint).
   */
  static String command(String property, String name, Path standard) {
    String configured = System.getProperty(property);
    if (configured != null) {
      return configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return name;
      }
    }
    return Files.isExecutable(standard) ? standard.toString() : name;
  }

  /**
   * Returns what {@code tool versionArg} prints.
   *
   * @throws IllegalStateException ending in {@code installHint} if the tool cannot be started
   */
  static String toolVersion(String tool, String versionArg, String installHint) {
    try {
      Process version = new ProcessBuilder(tool, versionArg).redirectErrorStream(true).start();
      String out =
          new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!version.waitFor(60, TimeUnit.SECONDS) || version.exitValue() != 0) {
        version.destroyForcibly();
        throw new IllegalStateException("'" + tool + " " + versionArg + "' failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(
          "'" + tool + "' could not be started: " + e.getMessage() + ". " + installHint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking '" + tool + "'", e);
    }
  }

  /**
   * Returns the first 16 hex digits of the SHA-256 over {@code toolVersion} and each file (its path
   * relative to {@code root}, then its content), in the given order.
   */
  static String hash(String toolVersion, Path root, List<Path> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(toolVersion.getBytes(StandardCharsets.UTF_8));
      for (Path file : files) {
        digest.update((byte) 0);
        digest.update(root.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Files.readAllBytes(file));
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the peer sources in " + root, e);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Runs a build command in {@code dir} with {@code env} added to the environment, its output going
   * to {@code log}.
   *
   * @throws IllegalStateException quoting the log's tail if it fails or outlasts {@code timeout}
   */
  static void run(
      List<String> command, Path dir, Map<String, String> env, Path log, Duration timeout) {
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().putAll(env);
      Process build = builder.start();
      if (!build.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        build.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(
            String.join(" ", command)
                + " in "
                + dir
                + " did not finish within "
                + timeout
                + ":\n"
                + JsPeer.tail(log));
      }
      if (build.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " in "
                + dir
                + " exited with "
                + build.exitValue()
                + ":\n"
                + JsPeer.tail(log));
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "running " + command + " in " + dir + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }
}
