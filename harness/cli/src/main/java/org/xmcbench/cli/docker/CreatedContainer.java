package org.xmcbench.cli.docker;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The id of a container once the engine has created it, shared between the thread that runs it and the harness's
 * shutdown hook. Creation holds the lock, so a SIGTERM that arrives while the engine is still creating the
 * container (it is already listed, the id not yet returned) waits for the id and removes the container anyway;
 * once shutdown has begun no container is created at all.
 */
final class CreatedContainer {
    private String id;
    private boolean shuttingDown;

    synchronized String create(Supplier<String> engineCreate) {
        if (shuttingDown) {
            throw new IllegalStateException("the harness is shutting down; no container is started");
        }
        id = engineCreate.get();
        return id;
    }

    /** From the shutdown hook: removes the container if one was created; later creations are refused. */
    void removeOnShutdown(Consumer<String> remove) {
        String toRemove;
        synchronized (this) {
            shuttingDown = true;
            toRemove = id;
        }
        if (toRemove != null) {
            try {
                remove.accept(toRemove);
            } catch (RuntimeException e) {
                System.err.println("could not remove container " + toRemove + ": " + e.getMessage());
            }
        }
    }
}
