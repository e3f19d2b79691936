package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The identity set that keeps one instance from running as two actors. */
class RunningInstancesTest {

  /** Equal to every other Twin, so only identity tells them apart. */
  record Twin() {}

  @Test
  void random_adds_and_removes_agree_with_an_identity_set() {
    Random random = new Random(42);
    List<Object> pool = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      pool.add(new Twin());
    }
    Set<Object> model = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int step = 0; step < 200_000; step++) {
      Object o = pool.get(random.nextInt(pool.size()));
      if (random.nextInt(3) > 0) {
        assertEquals(model.add(o), RunningInstances.add(o), "add at step " + step);
      } else {
        model.remove(o);
        RunningInstances.remove(o);
      }
    }
    for (Object o : pool) {
      assertEquals(!model.contains(o), RunningInstances.add(o), "membership after the walk");
      RunningInstances.remove(o);
    }
    for (Object o : pool) {
      assertTrue(RunningInstances.add(o), "all removed");
      RunningInstances.remove(o);
    }
  }

  @Test
  void concurrent_claims_of_one_instance_let_exactly_one_win() throws Exception {
    for (int round = 0; round < 200; round++) {
      Object instance = new Twin();
      int threads = 4;
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> claimers = new ArrayList<>();
      boolean[] won = new boolean[threads];
      for (int t = 0; t < threads; t++) {
        int me = t;
        claimers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        go.await();
                      } catch (InterruptedException e) {
                        return;
                      }
                      won[me] = RunningInstances.add(instance);
                    }));
      }
      go.countDown();
      int winners = 0;
      for (Thread t : claimers) {
        t.join();
      }
      for (boolean w : won) {
        winners += w ? 1 : 0;
      }
      assertEquals(1, winners, "round " + round);
      RunningInstances.remove(instance);
      assertTrue(RunningInstances.add(instance));
      RunningInstances.remove(instance);
      assertTrue(RunningInstances.add(instance));
      RunningInstances.remove(instance);
    }
  }
}
