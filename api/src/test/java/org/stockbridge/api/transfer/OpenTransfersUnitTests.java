package org.stockbridge.api.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenTransfersUnitTests {

    private static final LocalDate AS_OF = LocalDate.of(2026, 12, 1);
    private static final LocalDate HORIZON_END = AS_OF.plusDays(28);
    private static final OpenTransfers.Usable PLENTY = (site, lot) -> 1_000;

    private static OpenTransfers.Open open(TransferState state, long quantity, LocalDate dispatchOn,
                                           LocalDate arrivesOn) {
        return new OpenTransfers.Open(1, 2, 7, 70, state, quantity,
                state == TransferState.DISPATCHED ? quantity : null, dispatchOn, arrivesOn, List.of("Blaine"));
    }

    private static OpenTransfers of(OpenTransfers.Usable usable, OpenTransfers.Open... open) {
        return new OpenTransfers(List.of(open), id -> "P" + id, AS_OF, HORIZON_END, usable);
    }

    @Test
    void a_recommended_transfer_that_should_have_left_before_today_is_neither_promised_nor_coming() {
        OpenTransfers open = of(PLENTY, open(TransferState.RECOMMENDED, 40, AS_OF.minusDays(1), AS_OF.plusDays(2)));

        assertThat(open.promised(1, 70)).isZero();
        assertThat(open.take(2, "P7", 100, HORIZON_END)).isZero();
    }

    @Test
    void an_approved_transfer_or_one_due_to_leave_today_still_counts() {
        OpenTransfers open = of(PLENTY, open(TransferState.APPROVED, 40, AS_OF.minusDays(3), AS_OF.plusDays(2)),
                open(TransferState.RECOMMENDED, 10, AS_OF, AS_OF.plusDays(2)));

        assertThat(open.promised(1, 70)).isEqualTo(50);
        assertThat(open.take(2, "P7", 100, HORIZON_END)).isEqualTo(50);
    }

    @Test
    void no_more_is_coming_from_transfers_not_yet_dispatched_than_their_donor_lot_can_still_ship() {
        OpenTransfers open = of((site, lot) -> 30, open(TransferState.APPROVED, 20, AS_OF, AS_OF.plusDays(2)),
                open(TransferState.RECOMMENDED, 20, AS_OF, AS_OF.plusDays(2)),
                open(TransferState.DISPATCHED, 15, AS_OF.minusDays(1), AS_OF.plusDays(1)));

        assertThat(open.take(2, "P7", 100, HORIZON_END)).isEqualTo(30 + 15);
        assertThat(open.promised(1, 70)).isEqualTo(40);
    }

    @Test
    void a_scenario_drops_undispatched_transfers_from_closed_sites_of_recalled_products_or_over_closed_crossings() {
        OpenTransfers.Open approved = open(TransferState.APPROVED, 40, AS_OF, AS_OF.plusDays(2));
        OpenTransfers.Open dispatched = open(TransferState.DISPATCHED, 15, AS_OF, AS_OF.plusDays(1));
        List<OpenTransfers.Open> both = List.of(approved, dispatched);
        Map<Long, String> sites = Map.of(1L, "SNS-R01", 2L, "NESS-NAT");

        for (TransferRecommender.Scenario scenario : List.of(
                new TransferRecommender.Scenario(List.of(), Set.of("SNS-R01"), Set.of(), Set.of(), Set.of()),
                new TransferRecommender.Scenario(List.of(), Set.of("NESS-NAT"), Set.of(), Set.of(), Set.of()),
                new TransferRecommender.Scenario(List.of(), Set.of(), Set.of("Blaine"), Set.of(), Set.of()),
                new TransferRecommender.Scenario(List.of(), Set.of(), Set.of(), Set.of("NDC-7"), Set.of()),
                new TransferRecommender.Scenario(List.of(), Set.of(), Set.of(), Set.of(), Set.of("NDC-7/L70")))) {
            assertThat(OpenTransfers.under(scenario, both, sites::get, id -> "NDC-" + id, id -> "L" + id))
                    .as(scenario.toString()).containsExactly(dispatched);
        }
        assertThat(OpenTransfers.under(TransferRecommender.Scenario.NONE, both, sites::get, id -> "NDC-" + id,
                id -> "L" + id)).containsExactly(approved, dispatched);
    }

    @Test
    void a_transfer_arriving_after_the_stockout_covers_none_of_the_shortfall_and_one_arriving_by_it_does() {
        LocalDate stockout = AS_OF.plusDays(5);
        OpenTransfers open = of(PLENTY, open(TransferState.APPROVED, 40, AS_OF, stockout.plusDays(1)),
                open(TransferState.DISPATCHED, 15, AS_OF.minusDays(1), stockout),
                open(TransferState.RECOMMENDED, 5, AS_OF, null));

        assertThat(open.take(2, "P7", 100, stockout)).isEqualTo(15 + 5);
        assertThat(open.take(2, "P7", 100, stockout.plusDays(1))).as("a later shortfall").isEqualTo(40);
    }
}
