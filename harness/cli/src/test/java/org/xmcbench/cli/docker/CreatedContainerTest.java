package org.xmcbench.cli.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CreatedContainerTest {

    /** The race CI hit: the container is listed by the engine, SIGTERM arrives before its id is returned. */
    @Test
    void aShutdownDuringCreationWaitsForTheIdAndRemovesIt() throws Exception {
        CreatedContainer created = new CreatedContainer();
        CountDownLatch engineCreating = new CountDownLatch(1);
        CountDownLatch engineMayReturn = new CountDownLatch(1);
        CompletableFuture<String> creation = CompletableFuture.supplyAsync(() -> created.create(() -> {
            engineCreating.countDown();
            try {
                engineMayReturn.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return "c1";
        }));
        assertTrue(engineCreating.await(10, TimeUnit.SECONDS));
        List<String> removed = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> hook = CompletableFuture.runAsync(() -> created.removeOnShutdown(removed::add));
        Thread.sleep(200);
        assertTrue(removed.isEmpty(), "the hook waits while the engine creates");
        engineMayReturn.countDown();
        hook.get(10, TimeUnit.SECONDS);
        assertEquals("c1", creation.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("c1"), removed);
    }

    @Test
    void noContainerIsCreatedOnceShutdownHasBegun() {
        CreatedContainer created = new CreatedContainer();
        List<String> removed = new CopyOnWriteArrayList<>();
        created.removeOnShutdown(removed::add);
        assertTrue(removed.isEmpty());
        assertThrows(IllegalStateException.class, () -> created.create(() -> "never"));
    }

    @Test
    void aFailedRemovalInTheHookIsReportedNotThrown() {
        CreatedContainer created = new CreatedContainer();
        created.create(() -> "c2");
        created.removeOnShutdown(id -> {
            throw new IllegalStateException("engine gone");
        });
    }
}
