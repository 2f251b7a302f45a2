package org.stockbridge.forecasting.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stockbridge.forecasting.transfer.TransferProblemBuilder.TODAY;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CpSatTransferOptimiserUnitTests {

    private final TransferOptimiser optimiser = new CpSatTransferOptimiser(Duration.ofSeconds(20), 1);

    @Test
    void aShortfallIsCoveredFromTheSurplusOfAnotherSite() {
        TransferProblemBuilder b = new TransferProblemBuilder()
                .site("US-A", "US", false).site("US-B", "US", false)
                .product("AMOX", null, 10, "US");
        TransferProblem problem = b.shortfall("US-A", "AMOX", 200, 20, 1)
                .donor("US-B", "AMOX", 300, b.lot("L1", 1000, TODAY.plusDays(365)))
                .build();

        TransferPlan plan = optimiser.solve(problem);

        assertThat(plan.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(plan.gap()).isZero();
        assertThat(plan.transfers()).singleElement().satisfies(t -> {
            assertThat(t.fromSiteId()).isEqualTo(b.site("US-B").siteId());
            assertThat(t.toSiteId()).isEqualTo(b.site("US-A").siteId());
            assertThat(t.quantity()).isEqualTo(200);
            assertThat(t.packs()).isEqualTo(20);
            assertThat(t.arrivesOn()).isEqualTo(TODAY.plusDays(1));
            assertThat(t.crossBorder()).isFalse();
            assertThat(t.explanation().bindingConstraints()).anyMatch(c -> c.startsWith("shortfall fully covered"));
        });
        assertThat(plan.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.covered()).isEqualTo(200);
            assertThat(o.unmet()).isZero();
        });
        assertThat(plan.solver()).startsWith("OR-Tools CP-SAT 9.");
    }
}
