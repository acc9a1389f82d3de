package org.tellonce.testing;

import org.tellonce.local.LocalStack;
import org.tellonce.local.MotoServer;

/** A moto of a test class's own: in memory, on a free port, stopped by {@link MotoServer#close()}. */
public final class Moto {
    private Moto() {
    }

    public static MotoServer start() {
        return MotoServer.start(ProjectFiles.root(), LocalStack.freePort(), null);
    }
}
