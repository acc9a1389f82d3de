package org.tellonce.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming. Before Lambda takes a function's snapshot, each registered warm-up runs once
 * (loading and JIT-compiling the hot path: JSON, validation, the SDK client and its connection), so
 * a restored container answers its first request as a warm one would. Outside a CRaC runtime
 * nothing happens. A warm-up never writes data and never fails the snapshot.
 */
public final class Priming {
    /** CRaC holds resources weakly: keep them here. */
    private static final List<Resource> RESOURCES = new CopyOnWriteArrayList<>();

    private Priming() {
    }

    public static void register(Runnable warmUp) {
        Resource resource = new Resource() {
            @Override
            public void beforeCheckpoint(Context<? extends Resource> context) {
                try {
                    warmUp.run();
                } catch (RuntimeException e) {
                    // Priming is an optimisation: a failure must not stop the snapshot.
                }
            }

            @Override
            public void afterRestore(Context<? extends Resource> context) {
                // Nothing to refresh: clients reconnect on demand and hold no per-request state.
            }
        };
        RESOURCES.add(resource);
        Core.getGlobalContext().register(resource);
    }
}
