package org.stockbridge.batch.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.stockbridge.forecasting.risk.FiledReport;
import org.stockbridge.forecasting.risk.ShortageReports;

/** The risk model's history read with the ingest's reader, against forecasting's own reader. */
class DscHistoryReaderUnitTests {

    static final Path FILE = Path.of("../data/real").resolve(DscHistoryReader.FILE);

    @Test
    void the_ingest_reader_gives_the_risk_model_the_same_reports_as_its_own_reader() {
        DscHistoryReader.Read shared = DscHistoryReader.read(FILE);
        ShortageReports.Read own = ShortageReports.read(FILE);
        Map<Long, FiledReport> byId = own.reports().stream()
                .collect(Collectors.toMap(FiledReport::id, Function.identity()));
        List<String> differences = new ArrayList<>();
        for (FiledReport r : shared.reports()) {
            FiledReport o = byId.remove(r.id());
            if (o == null) {
                differences.add("only shared: " + r);
            } else if (!o.equals(r)) {
                differences.add("differs: " + o + " -> " + r);
            }
        }
        byId.values().forEach(o -> differences.add("only own: " + o));
        assertThat(differences).isEmpty();
        assertThat(shared.reports()).isEqualTo(own.reports());
        assertThat(shared.rejected()).isEqualTo(own.rejected());
    }
}
