package io.kameo.test;

import java.util.Objects;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension of the test kit: gives each test its own {@link ActorTestKit} as a
 * parameter of the test method (and of its {@code @BeforeEach} and {@code @AfterEach} methods,
 * which get the same kit), and closes the kit after the test, so the test fails if one of its
 * actors did not stop or panicked without the test expecting it.
 *
 * <pre>{@code
 * @ExtendWith(KameoExtension.class)
 * class CounterTest {
 *   @Test
 *   void counts(ActorTestKit kit) { ... }
 * }
 * }</pre>
 *
 * Other settings than the defaults go through a registered instance:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KameoExtension kameo =
 *     KameoExtension.withSettings(TestKitSettings.defaults().withStopTimeout(Duration.ofSeconds(1)));
 * }</pre>
 *
 * <p>The kit is created when a test first asks for it and closed after the test's {@code AfterEach}
 * methods; a failure of the close is reported as a failure of the test (added as suppressed when
 * the test had already failed).
 */
public final class KameoExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KameoExtension.class);

  private final TestKitSettings settings;

  /** Creates the extension with {@link TestKitSettings#defaults()}, read when it is created. */
  public KameoExtension() {
    this(TestKitSettings.defaults());
  }

  private KameoExtension(TestKitSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Returns an extension whose kits use {@code settings}. */
  public static KameoExtension withSettings(TestKitSettings settings) {
    return new KameoExtension(settings);
  }

  /** Returns whether the parameter is an {@link ActorTestKit}. */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ActorTestKit.class;
  }

  /**
   * Returns the current test's kit, creating it on first use.
   *
   * @throws ParameterResolutionException outside a test method's scope (a constructor or a
   *     {@code @BeforeAll} method): a kit lives for one test
   */
  @Override
  public ActorTestKit resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException(
          "an ActorTestKit lives for one test: take it as a parameter of a @Test, @BeforeEach or"
              + " @AfterEach method, not of "
              + parameter.getDeclaringExecutable());
    }
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            ActorTestKit.class, key -> ActorTestKit.create(settings), ActorTestKit.class);
  }

  /** Closes the test's kit, if it made one; fails the test as {@link ActorTestKit#close} does. */
  @Override
  public void afterEach(ExtensionContext context) {
    ActorTestKit kit = context.getStore(NAMESPACE).remove(ActorTestKit.class, ActorTestKit.class);
    if (kit != null) {
      kit.close();
    }
  }
}
