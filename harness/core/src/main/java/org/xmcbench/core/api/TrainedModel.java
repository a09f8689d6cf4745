package org.xmcbench.core.api;

import java.io.IOException;
import java.nio.file.Path;

/** A fitted model. Saving it lets a later run load it and skip fit. */
public interface TrainedModel {
    void save(Path dir) throws IOException;
}
