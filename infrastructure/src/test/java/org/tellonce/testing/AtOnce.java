package org.tellonce.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Races: tasks held behind one start barrier and released together, their results in task order. */
public final class AtOnce {
    private static final long WAIT_SECONDS = 30;

    private AtOnce() {
    }

    /** Runs every task at the same moment, at most {@code threads} at a time. */
    public static <T> List<T> run(int threads, List<Callable<T>> tasks) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> running = new ArrayList<>();
            for (Callable<T> task : tasks) {
                running.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : running) {
                results.add(future.get(WAIT_SECONDS, TimeUnit.SECONDS));
            }
            return results;
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("a racing task did not finish", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The same task {@code times} times at once. */
    public static <T> List<T> repeat(int times, int threads, Callable<T> task) throws InterruptedException {
        return run(threads, java.util.Collections.nCopies(times, task));
    }
}
