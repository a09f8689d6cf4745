package org.xmcbench.cli.external;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xmcbench.core.api.TrainedModel;
import org.xmcbench.core.data.CsrMatrix;
import org.xmcbench.datasets.io.Npz;

/**
 * What an external program leaves behind: its scores for the whole test set and its phase timings. Saved in the
 * contract's own file names, so a saved "model" is also what the program wrote.
 */
record ExternalModel(CsrMatrix predictions, Map<String, Double> timings) implements TrainedModel {
    @Override
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Npz.write(predictions, dir.resolve(ExternalContract.PREDICTIONS), true);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("phases", timings);
        new ObjectMapper().writeValue(dir.resolve(ExternalContract.TIMINGS).toFile(), json);
    }

    static ExternalModel load(Path dir) throws IOException {
        CsrMatrix p = Npz.read(dir.resolve(ExternalContract.PREDICTIONS), org.xmcbench.datasets.io.RowOrder.ANY);
        return new ExternalModel(p, ExternalContract.readTimings(dir));
    }
}
