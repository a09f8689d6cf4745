package org.xmcbench.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The CLI's simplelogger.properties (read by the CLI and its workers alike): DJL's per-probe "Failed to detect GPU
 * count" warnings and its INFO chatter stay off the console and worker.log; DJL's other warnings and every error stay.
 */
class DjlLoggingTest {
    @Test
    void djlsGpuProbeAndInfoAreQuietAndItsWarningsAndErrorsAreNot() {
        assertFalse(LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils").isWarnEnabled());
        assertTrue(LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils").isErrorEnabled());
        assertFalse(LoggerFactory.getLogger("ai.djl.pytorch.engine.PtEngine").isInfoEnabled());
        assertTrue(LoggerFactory.getLogger("ai.djl.pytorch.engine.PtEngine").isWarnEnabled());
        assertTrue(LoggerFactory.getLogger("org.xmcbench.cli.Main").isInfoEnabled(), "other loggers keep INFO");
    }
}
