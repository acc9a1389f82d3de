package org.tellonce.core;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pools a function uses to do a request's independent reads or writes at once (the fan-out's shares,
 * a feed page's history reads, a resident's erasures): at most {@code size} at a time, on daemon threads
 * made on demand and let go after a minute idle, so a SnapStart snapshot and an idle container hold none.
 * Each thread is named after the thread that needed it plus {@code role} ("-share-3"): made on the
 * caller's thread, it says whose work it does (the local stack and the bench count it as that function's).
 */
public final class WorkerPool {
    private WorkerPool() {
    }

    public static ExecutorService of(int size, String role) {
        AtomicInteger made = new AtomicInteger();
        ThreadFactory threads = work -> {
            Thread t = new Thread(work, Thread.currentThread().getName() + "-" + role + "-" + made.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
