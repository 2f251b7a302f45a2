package org.stockbridge.api.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stockbridge.domain.Jurisdiction;

class LaneTableUnitTests {

    private static final LaneTable.Place BOSTON = new LaneTable.Place("SNS-R01", "HHS-1", Jurisdiction.US);
    private static final LaneTable.Place SEATTLE = new LaneTable.Place("SNS-R10", "HHS-10", Jurisdiction.US);
    private static final LaneTable.Place QUEBEC = new LaneTable.Place("NESS-QC", "QC", Jurisdiction.CA);
    private static final LaneTable.Place VICTORIA = new LaneTable.Place("NESS-BC", "BC", Jurisdiction.CA);

    private final LaneTable table = new LaneTable(List.of(
            new LaneTable.Lane("HHS-1", "HHS-10", 6, 1.40),
            new LaneTable.Lane("HHS-1", "QC", 2, 0.55),
            new LaneTable.Lane("HHS-1", "BC", 7, 1.60),
            new LaneTable.Lane("HHS-1", "HHS-2", 3, 0.50),
            new LaneTable.Lane("HHS-2", "QC", 2, 0.60),
            new LaneTable.Lane("HHS-10", "BC", 1, 0.45),
            new LaneTable.Lane("QC", "BC", 6, 1.50)),
            List.of(new LaneTable.Crossing("Derby Line-Stanstead", "HHS-1", "QC", 1, true),
                    new LaneTable.Crossing("Champlain-Lacolle", "HHS-2", "QC", 1, true),
                    new LaneTable.Crossing("Blaine-Pacific Highway", "HHS-10", "BC", 1, true)));

    @Test
    void a_domestic_route_is_its_lane_without_a_crossing() {
        assertThat(table.route(BOSTON, SEATTLE)).contains(new LaneTable.LaneRoute(6, 1.40, List.of()));
    }

    @Test
    void a_cross_border_route_takes_the_crossing_on_the_way_and_adds_its_delay() {
        assertThat(table.route(BOSTON, QUEBEC)).contains(new LaneTable.LaneRoute(3, 0.55,
                List.of("Derby Line-Stanstead")));
    }

    @Test
    void a_crossing_off_the_way_costs_its_detour() {
        LaneTable slow = new LaneTable(List.of(new LaneTable.Lane("HHS-1", "BC", 7, 1.60),
                new LaneTable.Lane("HHS-1", "HHS-10", 6, 1.40), new LaneTable.Lane("QC", "BC", 8, 1.90)),
                List.of(new LaneTable.Crossing("Derby Line-Stanstead", "HHS-1", "QC", 1, true),
                        new LaneTable.Crossing("Blaine-Pacific Highway", "HHS-10", "BC", 1, true)));

        // via Derby Line: 0 + 8 days is 1 beyond the lane's 7, and 0.30 a unit more; via Blaine: 6 + 0, no detour
        assertThat(slow.route(BOSTON, VICTORIA)).contains(new LaneTable.LaneRoute(8, 1.60,
                List.of("Blaine-Pacific Highway")));
        assertThat(slow.closing(Set.of("Blaine-Pacific Highway")).route(BOSTON, VICTORIA))
                .contains(new LaneTable.LaneRoute(9, 1.90, List.of("Derby Line-Stanstead")));
    }

    @Test
    void a_closed_crossing_is_never_used_and_the_next_best_one_adds_its_detour() {
        LaneTable closed = table.closing(Set.of("Derby Line-Stanstead"));

        LaneTable.LaneRoute route = closed.route(BOSTON, QUEBEC).orElseThrow();

        assertThat(route.crossings()).containsExactly("Champlain-Lacolle");
        // Boston -> HHS-2 (3 days) + QC -> QC (0) is 1 day beyond the lane's 2; plus one day at the crossing
        assertThat(route.transitDays()).isEqualTo(4);
        assertThat(route.costPerUnit()).isEqualTo(0.55);
    }

    @Test
    void with_every_crossing_closed_there_is_no_cross_border_route() {
        LaneTable closed = table.closing(Set.of("Derby Line-Stanstead", "Champlain-Lacolle", "Blaine-Pacific Highway"));

        assertThat(closed.route(BOSTON, QUEBEC)).isEmpty();
        assertThat(closed.route(BOSTON, SEATTLE)).isPresent();
    }

    @Test
    void a_site_lane_overrides_the_lane_of_its_region() {
        LaneTable withSiteLane = new LaneTable(List.of(new LaneTable.Lane("HHS-1", "HHS-10", 6, 1.40),
                new LaneTable.Lane("SNS-R01", "HHS-10", 3, 2.10)), List.of());

        assertThat(withSiteLane.route(BOSTON, SEATTLE)).contains(new LaneTable.LaneRoute(3, 2.10, List.of()));
        assertThat(withSiteLane.route(new LaneTable.Place("OTHER", "HHS-1", Jurisdiction.US), SEATTLE))
                .contains(new LaneTable.LaneRoute(6, 1.40, List.of()));
    }

    @Test
    void a_site_without_a_lane_region_has_no_route() {
        assertThat(table.route(new LaneTable.Place("X", null, Jurisdiction.US), QUEBEC)).isEmpty();
    }
}
