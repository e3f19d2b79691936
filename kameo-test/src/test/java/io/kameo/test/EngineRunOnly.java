package io.kameo.test;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when {@link KameoExtensionTest} runs it through the EngineTestKit (which
 * sets {@value #PARAMETER}): those classes fail on purpose.
 */
final class EngineRunOnly implements ExecutionCondition {
  static final String PARAMETER = "kameo.test.engine-run";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return context.getConfigurationParameter(PARAMETER).filter("true"::equals).isPresent()
        ? ConditionEvaluationResult.enabled("run by KameoExtensionTest")
        : ConditionEvaluationResult.disabled("fails on purpose; KameoExtensionTest runs it");
  }
}
