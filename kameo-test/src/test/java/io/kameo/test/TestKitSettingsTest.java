package io.kameo.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The settings' defaults, the time factor from the system property, and dilation. */
class TestKitSettingsTest {

  private static TestKitSettings defaultsWithProperty(String value) {
    String old = System.getProperty(TestKitSettings.TIME_FACTOR_PROPERTY);
    System.setProperty(TestKitSettings.TIME_FACTOR_PROPERTY, value);
    try {
      return TestKitSettings.defaults();
    } finally {
      if (old == null) {
        System.clearProperty(TestKitSettings.TIME_FACTOR_PROPERTY);
      } else {
        System.setProperty(TestKitSettings.TIME_FACTOR_PROPERTY, old);
      }
    }
  }

  @Test
  void defaults_are_the_documented_ones() {
    TestKitSettings settings = TestKitSettings.defaults().withTimeFactor(1);
    assertEquals(Duration.ofSeconds(3), settings.expectTimeout());
    assertEquals(Duration.ofMillis(100), settings.noMessageTimeout());
    assertEquals(Duration.ofSeconds(5), settings.stopTimeout());
  }

  @Test
  void the_system_property_sets_the_time_factor_that_stretches_every_wait() {
    TestKitSettings slow = defaultsWithProperty("2.5");
    assertEquals(2.5, slow.timeFactor());
    assertEquals(Duration.ofMillis(250), slow.dilated(Duration.ofMillis(100)));
    assertEquals(Duration.ofNanos(Long.MAX_VALUE), slow.dilated(Duration.ofDays(365L * 1000)));
  }

  @Test
  void a_bad_time_factor_property_is_refused_naming_the_property() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> defaultsWithProperty("fast"));
    assertEquals(
        "system property kameo.test.timefactor must be a positive number: 'fast'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> defaultsWithProperty("0"));
    assertThrows(IllegalArgumentException.class, () -> defaultsWithProperty("-1"));
  }

  @Test
  void bad_settings_are_refused_naming_the_setting() {
    TestKitSettings settings = TestKitSettings.defaults();
    assertEquals(
        "stopTimeout must be positive: PT0S",
        assertThrows(IllegalArgumentException.class, () -> settings.withStopTimeout(Duration.ZERO))
            .getMessage());
    assertEquals(
        "timeFactor must be a positive finite number: NaN",
        assertThrows(IllegalArgumentException.class, () -> settings.withTimeFactor(Double.NaN))
            .getMessage());
    assertEquals(
        "expectTimeout",
        assertThrows(NullPointerException.class, () -> settings.withExpectTimeout(null))
            .getMessage());
  }
}
