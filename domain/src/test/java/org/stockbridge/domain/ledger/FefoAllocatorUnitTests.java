package org.stockbridge.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stockbridge.domain.Jurisdiction;

class FefoAllocatorUnitTests {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 28);
    private static final SiteContext US_FEDERAL = new SiteContext(Jurisdiction.US, true);
    private static final SiteContext US_STATE = new SiteContext(Jurisdiction.US, false);
    private static final SiteContext CANADA = new SiteContext(Jurisdiction.CA, true);

    @Test
    void an_issue_takes_the_lot_that_expires_first_then_the_next() {
        LotStock late = lot(1, DAY.plusDays(300), null, LotStatus.RELEASED, 50);
        LotStock early = lot(2, DAY.plusDays(30), null, LotStatus.RELEASED, 20);

        FefoAllocator.Allocation allocation = FefoAllocator.allocate(List.of(late, early), US_STATE, DAY, 30);

        assertThat(allocation.covered()).isTrue();
        assertThat(allocation.lines()).extracting(l -> l.lot().lotId(), FefoAllocator.Allocation.Line::quantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, 20L), org.assertj.core.groups.Tuple.tuple(1L, 10L));
    }

    @Test
    void expired_quarantined_and_recalled_lots_are_never_issued() {
        LotStock expired = lot(1, DAY.minusDays(1), null, LotStatus.RELEASED, 100);
        LotStock quarantined = lot(2, DAY.plusDays(10), null, LotStatus.QUARANTINED, 100);
        LotStock recalled = lot(3, DAY.plusDays(10), null, LotStatus.RECALLED, 100);
        LotStock good = lot(4, DAY.plusDays(400), null, LotStatus.RELEASED, 5);

        FefoAllocator.Allocation allocation =
                FefoAllocator.allocate(List.of(expired, quarantined, recalled, good), US_STATE, DAY, 6);

        assertThat(allocation.covered()).isFalse();
        assertThat(allocation.shortfall()).isEqualTo(1);
        assertThat(allocation.issuable()).isEqualTo(5);
        assertThat(allocation.lines()).isEmpty();
    }

    @Test
    void a_slep_extension_counts_at_us_federal_sites_only() {
        LotStock extended = lot(1, DAY.minusDays(10), DAY.plusDays(365), LotStatus.RELEASED, 10);

        assertThat(FefoAllocator.allocate(List.of(extended), US_FEDERAL, DAY, 10).covered()).isTrue();
        assertThat(FefoAllocator.allocate(List.of(extended), US_STATE, DAY, 10).covered()).isFalse();
        assertThat(FefoAllocator.allocate(List.of(extended), CANADA, DAY, 10).covered()).isFalse();
    }

    @Test
    void a_lot_is_still_issuable_on_its_expiry_day() {
        LotStock lastDay = lot(1, DAY, null, LotStatus.RELEASED, 1);

        assertThat(FefoAllocator.allocate(List.of(lastDay), US_STATE, DAY, 1).covered()).isTrue();
    }

    @Test
    void equal_expiries_are_taken_in_lot_order_so_the_choice_is_repeatable() {
        LotStock b = lot(9, DAY.plusDays(5), null, LotStatus.RELEASED, 3);
        LotStock a = lot(4, DAY.plusDays(5), null, LotStatus.RELEASED, 3);

        assertThat(FefoAllocator.allocate(List.of(b, a), US_STATE, DAY, 2).lines().get(0).lot().lotId()).isEqualTo(4);
    }

    @Test
    void a_non_positive_quantity_is_refused() {
        assertThatThrownBy(() -> FefoAllocator.allocate(List.of(), US_STATE, DAY, 0))
                .hasMessage("quantity must be positive, was 0");
    }

    @Test
    void reasons_are_typed_and_allowed_for_some_movement_types_only() {
        assertThat(ReasonCode.EXPIRED.allowedFor(MovementType.WRITE_OFF)).isTrue();
        assertThat(ReasonCode.EXPIRED.allowedFor(MovementType.RECEIPT)).isFalse();
        assertThat(ReasonCode.FOUND.direction()).isEqualTo(MovementType.Direction.CREDIT);
        assertThatThrownBy(() -> ReasonCode.defaultFor(MovementType.WRITE_OFF))
                .hasMessageContaining("reasonCode must be given for WRITE_OFF").hasMessageContaining("EXPIRED");
    }

    static LotStock lot(long id, LocalDate expiry, LocalDate extended, LotStatus status, long onHand) {
        return new LotStock(id, "L" + id, expiry, extended, status, onHand);
    }
}
