package org.stockbridge.domain.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.stockbridge.domain.Jurisdiction;

class FefoAllocatorPropertyTests {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 28);

    @Property
    void an_allocation_covers_exactly_the_request_or_writes_nothing(@ForAll("lots") List<LotStock> lots,
            @ForAll @LongRange(min = 1, max = 2000) long quantity, @ForAll boolean federal) {
        SiteContext site = new SiteContext(Jurisdiction.US, federal);

        FefoAllocator.Allocation allocation = FefoAllocator.allocate(lots, site, DAY, quantity);

        long allocated = allocation.lines().stream().mapToLong(FefoAllocator.Allocation.Line::quantity).sum();
        if (allocation.covered()) {
            assertThat(allocated).isEqualTo(quantity);
        } else {
            assertThat(allocation.lines()).isEmpty();
            assertThat(allocation.shortfall()).isEqualTo(quantity - allocation.issuable()).isPositive();
        }
    }

    @Property
    void no_line_takes_more_than_its_lot_holds_or_touches_a_lot_that_may_not_be_issued(
            @ForAll("lots") List<LotStock> lots, @ForAll @LongRange(min = 1, max = 2000) long quantity,
            @ForAll boolean federal) {
        SiteContext site = new SiteContext(Jurisdiction.US, federal);

        for (FefoAllocator.Allocation.Line line : FefoAllocator.allocate(lots, site, DAY, quantity).lines()) {
            assertThat(line.quantity()).isPositive().isLessThanOrEqualTo(line.lot().onHand());
            assertThat(line.lot().issuable(site, DAY)).isTrue();
        }
    }

    @Property
    void a_later_expiring_lot_is_touched_only_when_every_earlier_one_is_emptied(@ForAll("lots") List<LotStock> lots,
            @ForAll @LongRange(min = 1, max = 2000) long quantity) {
        SiteContext site = new SiteContext(Jurisdiction.CA, true);

        List<FefoAllocator.Allocation.Line> lines = FefoAllocator.allocate(lots, site, DAY, quantity).lines();

        for (int i = 0; i + 1 < lines.size(); i++) {
            assertThat(lines.get(i).quantity()).isEqualTo(lines.get(i).lot().onHand());
            assertThat(lines.get(i).lot().effectiveExpiry(site))
                    .isBeforeOrEqualTo(lines.get(i + 1).lot().effectiveExpiry(site));
        }
    }

    @Provide
    Arbitrary<List<LotStock>> lots() {
        Arbitrary<LotStock> lot = Combinators.combine(
                Arbitraries.integers().between(-60, 720),
                Arbitraries.integers().between(0, 400).injectNull(0.6),
                Arbitraries.of(LotStatus.class),
                Arbitraries.longs().between(0, 500)).as((expiresIn, extension, status, onHand) -> {
                    LocalDate expiry = DAY.plusDays(expiresIn);
                    return new LotStock(0, "x", expiry, extension == null ? null : expiry.plusDays(extension + 1),
                            status, onHand);
                });
        return lot.list().ofMaxSize(8).map(list -> {
            List<LotStock> numbered = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                LotStock l = list.get(i);
                numbered.add(new LotStock(i + 1, "L" + (i + 1), l.labelledExpiry(), l.extendedExpiry(), l.status(),
                        l.onHand()));
            }
            return numbered;
        });
    }
}
