package io.kameo.benchmarks.remote.pair;

import java.lang.management.ManagementFactory;

/** The CPU time of this process, over all its threads (JIT and GC included). */
final class Cpu {
  private Cpu() {}

  static long processNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
