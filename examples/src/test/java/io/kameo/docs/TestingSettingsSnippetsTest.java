package io.kameo.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kameo.test.ActorTestKit;
import io.kameo.test.KameoExtension;
import io.kameo.test.TestKitSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testing chapter's settings snippet: a registered extension with other defaults. */
class TestingSettingsSnippetsTest {
  @RegisterExtension
  static final KameoExtension kameo =
      KameoExtension.withSettings(
          TestKitSettings.defaults()
              .withExpectTimeout(Duration.ofSeconds(10)) // expectMessage and expectStopped
              .withStopTimeout(Duration.ofSeconds(2))); // for actors to stop after the test

  @Test
  void the_kit_has_the_registered_settings(ActorTestKit kit) {
    assertEquals(Duration.ofSeconds(10), kit.settings().expectTimeout());
    assertEquals(Duration.ofSeconds(2), kit.settings().stopTimeout());
  }
}
