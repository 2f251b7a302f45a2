package org.stockbridge.forecasting.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.stockbridge.forecasting.transfer.TransferProblemBuilder.TODAY;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExactTransferOptimiserUnitTests {

    private final TransferOptimiser optimiser = new ExactTransferOptimiser(Duration.ofSeconds(20), 1);

    private static TransferProblemBuilder twoUsSites() {
        return new TransferProblemBuilder().site("US-A", "US", false).site("US-B", "US", false);
    }

    @Test
    void aShortfallIsCoveredFromTheSurplusOfAnotherSite() {
        TransferProblemBuilder b = twoUsSites().product("AMOX", null, 10, "US");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "AMOX", 200, 20, 1)
                .donor("US-B", "AMOX", 300, b.lot("L1", 1000, TODAY.plusDays(365))).build());

        assertThat(plan.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(plan.gap()).isZero();
        assertThat(plan.solver()).startsWith("OR-Tools 9.");
        assertThat(plan.transfers()).singleElement().satisfies(t -> {
            assertThat(t.fromSiteId()).isEqualTo(b.site("US-B").siteId());
            assertThat(t.toSiteId()).isEqualTo(b.site("US-A").siteId());
            assertThat(t.quantity()).isEqualTo(200);
            assertThat(t.packs()).isEqualTo(20);
            assertThat(t.dispatchOn()).isEqualTo(TODAY);
            assertThat(t.arrivesOn()).isEqualTo(TODAY.plusDays(1));
            assertThat(t.crossBorder()).isFalse();
            assertThat(t.explanation().covers()).contains("200 of the 200 units AMOX short at US-A");
            assertThat(t.explanation().bindingConstraints()).anyMatch(c -> c.startsWith("shortfall fully covered"));
            assertThat(t.explanation().unmet()).startsWith("nothing");
        });
        assertThat(plan.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.covered()).isEqualTo(200);
            assertThat(o.unmet()).isZero();
            assertThat(o.reasonsUnmet()).isEmpty();
        });
    }

    @Test
    void aDonorNeverGivesBelowTheLargestOfItsSafetyStockReserveFloorAndOwnNeed() {
        TransferProblemBuilder b = twoUsSites().product("AMOX", null, 1, "US");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "AMOX", 800, 50, 1)
                .donor("US-B", "AMOX", 300, 500, 200, b.lot("L1", 1000, TODAY.plusDays(365))).build());

        assertThat(plan.transfers()).singleElement().satisfies(t -> {
            assertThat(t.quantity()).isEqualTo(500);
            assertThat(t.explanation().bindingConstraints())
                    .contains("donor surplus: 500 units above its reserve floor 500, all allocated");
            assertThat(t.explanation().whyDonor()).contains("has 500 units above what it must keep");
        });
        assertThat(plan.outcomes().get(0).unmet()).isEqualTo(300);
        assertThat(plan.outcomes().get(0).reasonsUnmet()).anyMatch(r -> r.startsWith("donor surplus exhausted"));
    }

    @Test
    void a_donor_whose_surplus_open_transfers_have_promised_gives_nothing_more() {
        TransferProblemBuilder b = twoUsSites().product("AMOX", null, 1, "US");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "AMOX", 36, 0)
                .donor("US-B", "AMOX", 19, b.promisedLot("L1", 28, 9, TODAY.plusDays(365))).build());

        assertThat(plan.transfers()).isEmpty();
        assertThat(plan.outcomes()).singleElement().satisfies(o -> assertThat(o.unmet()).isEqualTo(36));
    }

    @Test
    void what_open_transfers_promised_is_neither_surplus_nor_on_hand_of_its_lot_and_the_explanation_says_so() {
        TransferProblemBuilder b = twoUsSites().product("AMOX", null, 1, "US");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "AMOX", 100, 40)
                .donor("US-B", "AMOX", 19, b.promisedLot("L1", 20, 6, TODAY.plusDays(100)),
                        b.lot("L2", 30, TODAY.plusDays(200))).build());

        // 50 usable, 6 promised, 19 kept: 25 to give, at most 14 of them from L1
        assertThat(plan.transfers()).hasSize(2).allSatisfy(t -> {
            assertThat(t.explanation().whyDonor()).contains("has 25 units above what it must keep (usable 50, "
                    + "keeps 19", "besides 6 already promised in open transfers");
            assertThat(t.explanation().covers()).contains("besides 40 already coming in open transfers");
        });
        assertThat(plan.transfers().stream().mapToLong(RecommendedTransfer::quantity).sum()).isEqualTo(25);
        assertThat(plan.transfers()).filteredOn(t -> t.lotNumber().equals("L1")).singleElement().satisfies(t -> {
            assertThat(t.quantity()).isEqualTo(14);
            assertThat(t.explanation().bindingConstraints())
                    .contains("lot on hand: 20 units of lot L1 (6 already promised in open transfers), all allocated");
        });
    }

    @Test
    void aDinOnlyProductIsNotRecommendedIntoTheUnitedStates() {
        TransferProblemBuilder b = new TransferProblemBuilder().site("US-A", "US", false).site("CA-ON", "CA", false)
                .product("NDC-SAL", 7L, 10, "US").product("DIN-SAL", 7L, 10, "CA");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "NDC-SAL", 100, 10, 1)
                .donor("CA-ON", "DIN-SAL", 0, b.lot("C1", 500, TODAY.plusDays(300)))
                .route("CA-ON", "US-A", 3, 0.5, "Buffalo-Fort Erie").build());

        assertThat(plan.transfers()).isEmpty();
        assertThat(plan.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.unmet()).isEqualTo(100);
            assertThat(o.reasonsUnmet()).singleElement().asString()
                    .startsWith("no authorised equivalent in US on arrival")
                    .contains("DIN-SAL at CA-ON is not authorised in US on " + TODAY.plusDays(3));
        });
    }

    @Test
    void aDinOnlyProductGoesIntoTheUnitedStatesUnderATemporaryImportationValidOnArrival() {
        TransferProblemBuilder b = new TransferProblemBuilder().site("US-A", "US", false).site("CA-ON", "CA", false)
                .product("NDC-SAL", 7L, 10, "US").product("DIN-SAL", 7L, 10, "CA");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "NDC-SAL", 100, 10, 1)
                .donor("CA-ON", "DIN-SAL", 0, b.lot("C1", 500, TODAY.plusDays(300)))
                .authorise("DIN-SAL", "US", "TEMPORARY_IMPORTATION", TODAY.minusDays(5), TODAY.plusDays(3))
                .route("CA-ON", "US-A", 3, 0.5, "Buffalo-Fort Erie").build());

        assertThat(plan.transfers()).singleElement().satisfies(t -> {
            assertThat(t.productId()).isEqualTo(b.product("DIN-SAL").productId());
            assertThat(t.quantity()).isEqualTo(100);
            assertThat(t.crossBorder()).isTrue();
            assertThat(t.crossings()).containsExactly("Buffalo-Fort Erie");
            assertThat(t.arrivesOn()).isEqualTo(TODAY.plusDays(3));
            assertThat(t.cost()).isEqualTo(50.0);
            assertThat(t.explanation().covers()).contains("with DIN-SAL from the same equivalence group");
        });
    }

    @Test
    void anImportationThatEndsBeforeArrivalDoesNotAuthorise() {
        TransferProblemBuilder b = new TransferProblemBuilder().site("US-A", "US", false).site("CA-ON", "CA", false)
                .product("NDC-SAL", 7L, 10, "US").product("DIN-SAL", 7L, 10, "CA");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "NDC-SAL", 100, 10, 1)
                .donor("CA-ON", "DIN-SAL", 0, b.lot("C1", 500, TODAY.plusDays(300)))
                .authorise("DIN-SAL", "US", "TEMPORARY_IMPORTATION", TODAY.minusDays(5), TODAY.plusDays(2))
                .route("CA-ON", "US-A", 3, 0.5, "Buffalo-Fort Erie").build());

        assertThat(plan.transfers()).isEmpty();
    }

    @Test
    void aSlepLotNeverLeavesTheUnitedStates() {
        TransferProblemBuilder b = new TransferProblemBuilder().site("US-SNS", "US", true).site("CA-ON", "CA", true)
                .product("CIPRO", null, 10, "US");
        TransferPlan plan = optimiser.solve(b.authorise("CIPRO", "CA", "EXCEPTIONAL_IMPORTATION", null, null)
                .shortfall("CA-ON", "CIPRO", 100, 10, 3)
                .donor("US-SNS", "CIPRO", 0, b.slepLot("S1", 1000, TODAY.plusDays(200), TODAY.plusDays(900)))
                .build());

        assertThat(plan.transfers()).isEmpty();
        assertThat(plan.outcomes().get(0).reasonsUnmet())
                .anyMatch(r -> r.startsWith("extended-expiry (SLEP) lots never go to Canada") && r.contains("lot S1"));
    }

    @Test
    void anExtendedExpiryCountsOnlyAtUnitedStatesFederalSites() {
        TransferProblemBuilder b = new TransferProblemBuilder().site("US-SNS", "US", true).site("US-FED", "US", true)
                .site("US-STATE", "US", false).product("CIPRO", null, 10, "US");
        TransferPlan plan = optimiser.solve(b.shortfall("US-FED", "CIPRO", 100, 10, 1)
                .shortfall("US-STATE", "CIPRO", 100, 10, 1)
                .donor("US-SNS", "CIPRO", 0, b.slepLot("S1", 1000, TODAY.minusDays(10), TODAY.plusDays(300)))
                .build());

        assertThat(plan.transfers()).singleElement().satisfies(t -> {
            assertThat(t.toSiteId()).isEqualTo(b.site("US-FED").siteId());
            assertThat(t.explanation().whyLot()).contains("extended expiry, recognised at this U.S. federal site");
        });
        assertThat(plan.outcomes()).filteredOn(o -> o.siteId() == b.site("US-STATE").siteId()).singleElement()
                .satisfies(o -> assertThat(o.reasonsUnmet()).anyMatch(r -> r.startsWith("expires before arrival")));
    }

    @Test
    void shelfLifeCapsWhatTheDestinationCanUseBeforeExpiry() {
        TransferProblemBuilder b = twoUsSites().product("INSULIN", null, 10, "US");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "INSULIN", 1000, 10, 1)
                .donor("US-B", "INSULIN", 0, b.lot("I1", 1000, TODAY.plusDays(30)))
                .route("US-B", "US-A", 2, 1.0).build());

        assertThat(plan.transfers()).singleElement().satisfies(t -> {
            assertThat(t.quantity()).isEqualTo(280);
            assertThat(t.explanation().bindingConstraints())
                    .anyMatch(c -> c.startsWith("shelf life caps the quantity at 280 units (28 days"));
        });
        assertThat(plan.outcomes().get(0).reasonsUnmet()).anyMatch(r -> r.startsWith("shelf life caps"));
    }

    @Test
    void aLotThatWouldExpireBeforeAPackIsUsedIsNotSent() {
        TransferProblemBuilder b = twoUsSites().product("INSULIN", null, 100, "US");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "INSULIN", 1000, 10, 1)
                .donor("US-B", "INSULIN", 0, b.lot("I1", 1000, TODAY.plusDays(8)))
                .route("US-B", "US-A", 2, 1.0).build());

        assertThat(plan.transfers()).isEmpty();
        assertThat(plan.outcomes().get(0).reasonsUnmet())
                .anyMatch(r -> r.startsWith("shelf life does not cover the time to use it here"));
    }

    @Test
    void quarantinedRecalledAndExpiredLotsNeverShip() {
        TransferProblemBuilder b = twoUsSites().product("AMOX", null, 1, "US");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "AMOX", 300, 30, 1)
                .donor("US-B", "AMOX", 0, b.lot("Q1", 100, TODAY.plusDays(300), "QUARANTINED"),
                        b.lot("R1", 100, TODAY.plusDays(300), "RECALLED"),
                        b.lot("E1", 100, TODAY.minusDays(3), "EXPIRED"), b.lot("OK", 50, TODAY.plusDays(300)))
                .build());

        assertThat(plan.transfers()).singleElement().satisfies(t -> {
            assertThat(t.lotNumber()).isEqualTo("OK");
            assertThat(t.quantity()).isEqualTo(50);
            assertThat(t.explanation().whyLot()).contains("lot Q1 is quarantined", "lot R1 is recalled");
        });
    }

    @Test
    void theEarliestExpiringEligibleLotsGoFirst() {
        TransferProblemBuilder b = twoUsSites().product("AMOX", null, 10, "US");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "AMOX", 150, 100, 1)
                .donor("US-B", "AMOX", 0, b.lot("LATE", 100, TODAY.plusDays(400)),
                        b.lot("FIRST", 100, TODAY.plusDays(100)), b.lot("SECOND", 100, TODAY.plusDays(200)))
                .build());

        assertThat(plan.transfers()).extracting(RecommendedTransfer::lotNumber, RecommendedTransfer::quantity)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("FIRST", 100L),
                        org.assertj.core.groups.Tuple.tuple("SECOND", 50L));
        assertThat(plan.transfers()).filteredOn(t -> t.lotNumber().equals("FIRST")).singleElement()
                .satisfies(t -> assertThat(t.explanation().whyLot()).contains("first to expire"));
        assertThat(plan.transfers()).filteredOn(t -> t.lotNumber().equals("SECOND")).singleElement()
                .satisfies(t -> assertThat(t.explanation().whyLot()).contains("lot FIRST fully allocated"));
    }

    @Test
    void onlyWholePacksMoveAndTheRemainderStaysUnmet() {
        TransferProblemBuilder b = twoUsSites().product("GLOVES", null, 100, "US");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "GLOVES", 250, 50, 1)
                .donor("US-B", "GLOVES", 0, b.lot("G1", 1000, TODAY.plusDays(700))).build());

        assertThat(plan.transfers()).singleElement().satisfies(t -> {
            assertThat(t.quantity()).isEqualTo(200);
            assertThat(t.packs()).isEqualTo(2);
            assertThat(t.packSize()).isEqualTo(100);
            assertThat(t.explanation().bindingConstraints()).contains("whole packs of 100: 50 more units would break a pack");
        });
        assertThat(plan.outcomes().get(0).unmet()).isEqualTo(50);
        assertThat(plan.outcomes().get(0).reasonsUnmet())
                .anyMatch(r -> r.equals("whole packs: the remaining 50 units are less than a pack of 100"));
    }

    @Test
    void theMoreCriticalShortfallIsCoveredFirst() {
        TransferProblemBuilder b = new TransferProblemBuilder().site("US-A", "US", false).site("US-B", "US", false)
                .site("US-C", "US", false).product("EPI", null, 1, "US");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "EPI", 100, 10, 1).shortfall("US-B", "EPI", 100, 10, 3)
                .donor("US-C", "EPI", 0, b.lot("E1", 120, TODAY.plusDays(300)))
                .route("US-C", "US-A", 1, 0.1).route("US-C", "US-B", 5, 2.0).build());

        assertThat(plan.outcomes()).filteredOn(o -> o.siteId() == b.site("US-B").siteId())
                .singleElement().satisfies(o -> assertThat(o.covered()).isEqualTo(100));
        assertThat(plan.outcomes()).filteredOn(o -> o.siteId() == b.site("US-A").siteId())
                .singleElement().satisfies(o -> {
                    assertThat(o.covered()).isEqualTo(20);
                    assertThat(o.reasonsUnmet()).anyMatch(r -> r.contains("part of it to more critical shortfalls"));
                });
        assertThat(plan.objective()).isEqualTo(320.0);
    }

    @Test
    void theNearerDonorServesWhenCoverageIsTheSame() {
        TransferProblemBuilder b = new TransferProblemBuilder().site("US-A", "US", false).site("US-NEAR", "US", false)
                .site("US-FAR", "US", false).product("EPI", null, 1, "US");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "EPI", 100, 10, 1)
                .donor("US-FAR", "EPI", 0, b.lot("F1", 500, TODAY.plusDays(300)))
                .donor("US-NEAR", "EPI", 0, b.lot("N1", 500, TODAY.plusDays(300)))
                .route("US-FAR", "US-A", 4, 0.5).route("US-NEAR", "US-A", 1, 0.9).build());

        assertThat(plan.transfers()).singleElement().satisfies(t -> {
            assertThat(t.fromSiteId()).isEqualTo(b.site("US-NEAR").siteId());
            assertThat(t.explanation().whyDonor()).contains("the nearest eligible donor");
        });
    }

    @Test
    void productsMoveOnlyWithinTheirEquivalenceGroup() {
        TransferProblemBuilder b = twoUsSites().product("AMOX-250", 1L, 1, "US").product("AMOX-500", 2L, 1, "US")
                .product("AMOX-250-B", 1L, 1, "US");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "AMOX-250", 100, 10, 1)
                .donor("US-B", "AMOX-500", 0, b.lot("X", 500, TODAY.plusDays(300)))
                .donor("US-B", "AMOX-250-B", 0, b.lot("Y", 40, TODAY.plusDays(300))).build());

        assertThat(plan.transfers()).singleElement().satisfies(t -> {
            assertThat(t.productId()).isEqualTo(b.product("AMOX-250-B").productId());
            assertThat(t.quantity()).isEqualTo(40);
        });
    }

    @Test
    void equivalentsInDifferentPackSizesAreCombinedToTheBestWholePackCover() {
        TransferProblemBuilder b = new TransferProblemBuilder().site("US-A", "US", false).site("US-B", "US", false)
                .site("US-C", "US", false).product("BOTTLE-100", 4L, 100, "US").product("BOTTLE-30", 4L, 30, "US");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "BOTTLE-100", 140, 100, 1)
                .donor("US-B", "BOTTLE-100", 0, b.lot("H1", 100, TODAY.plusDays(300)))
                .donor("US-C", "BOTTLE-30", 0, b.lot("T1", 60, TODAY.plusDays(300))).build());

        // The relaxation would cover all 140 (one pack of 100 and 4/3 packs of 30); whole packs cover at most 130.
        assertThat(plan.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(plan.solver()).contains("SCIP");
        assertThat(plan.transfers()).extracting(RecommendedTransfer::lotNumber, RecommendedTransfer::packs)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("H1", 1),
                        org.assertj.core.groups.Tuple.tuple("T1", 1));
        assertThat(plan.outcomes().get(0).covered()).isEqualTo(130);
        assertThat(plan.gap()).isZero();
    }

    @Test
    void aClosedLaneLeavesTheShortfallUnmetAndSaysSo() {
        TransferProblemBuilder b = twoUsSites().product("AMOX", null, 1, "US");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "AMOX", 100, 10, 1)
                .donor("US-B", "AMOX", 0, b.lot("L1", 500, TODAY.plusDays(300))).closed("US-B", "US-A").build());

        assertThat(plan.transfers()).isEmpty();
        assertThat(plan.outcomes().get(0).reasonsUnmet())
                .containsExactly("no open route: no open route from US-B to US-A");
    }

    @Test
    void aShortfallNobodyCanServeSaysThatNoSiteHoldsSurplus() {
        TransferProblemBuilder b = twoUsSites().product("AMOX", null, 1, "US");
        TransferPlan plan = optimiser.solve(b.shortfall("US-A", "AMOX", 100, 10, 1)
                .donor("US-B", "AMOX", 600, b.lot("L1", 500, TODAY.plusDays(300))).build());

        assertThat(plan.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(plan.outcomes().get(0).reasonsUnmet())
                .containsExactly("no other site holds AMOX or an equivalent above what it must keep");
        assertThat(List.of(plan.objective(), plan.bestBound(), plan.gap())).containsOnly(0.0);
    }
}
