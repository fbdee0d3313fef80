package dev.telemetry.processor.anomaly.nab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.telemetry.processor.anomaly.stat.WindowedGaussianDetector;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Oracle 1: our windowed Gaussian gives NAB's published per-record anomaly scores. */
class NabWindowedGaussianOracleTest {

    static final List<String> DATA_SETS = NabFiles.BUNDLED_DATA_SETS;

    @ParameterizedTest
    @FieldSource("DATA_SETS")
    void shouldReproduceNabsAnomalyScoreOfEveryRecord(String name) throws IOException {
        NabDataSet data = NabCorpus.load(NabFiles.bundled(), List.of(name)).get(0);
        NabResultsFile nab = NabResultsFile.read("windowedGaussian", name);

        double[] ours = DetectorReplay.scores(new WindowedGaussianDetector(), data);

        assertThat(nab.timestamps()).isEqualTo(data.timestamps());
        double worst = 0;
        int worstRow = -1;
        for (int i = 0; i < ours.length; i++) {
            double diff = Math.abs(ours[i] - nab.anomalyScores()[i]);
            if (diff > worst) {
                worst = diff;
                worstRow = i;
            }
        }
        assertThat(worst).as("largest |ours - NAB|, at row %d of %s", worstRow, name).isLessThanOrEqualTo(1e-9);
        // NAB rounded to 12 significant digits, and its corpus threshold for this detector is exactly 1.0: the
        // rounding decides which rows are detections, so rounded as NAB rounds, ours must be 1.0 on the same rows
        // (elsewhere a 1-ulp difference may still round a 12th digit that sits on a tie the other way)
        for (int i = 0; i < ours.length; i++) {
            assertThat(DetectorReplay.roundAsNab(ours[i]) == 1.0).as("row %d of %s is a detection at 1.0", i, name)
                    .isEqualTo(nab.anomalyScores()[i] == 1.0);
        }
    }
}
