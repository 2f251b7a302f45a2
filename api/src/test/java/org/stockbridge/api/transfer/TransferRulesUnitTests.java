package org.stockbridge.api.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stockbridge.domain.Jurisdiction;

class TransferRulesUnitTests {

    @Test
    void a_cross_border_transfer_needs_both_jurisdictions_and_a_domestic_one_its_own() {
        assertThat(TransferRules.approvalsRequired(Jurisdiction.US, Jurisdiction.CA)).containsExactly("US", "CA");
        assertThat(TransferRules.approvalsRequired(Jurisdiction.CA, Jurisdiction.US)).containsExactly("US", "CA");
        assertThat(TransferRules.approvalsRequired(Jurisdiction.CA, Jurisdiction.CA)).containsExactly("CA");
    }

    @Test
    void a_transfer_concerns_the_callers_of_the_country_it_leaves_and_of_the_country_it_reaches() {
        assertThat(TransferRules.concerns(Jurisdiction.CA, Jurisdiction.US, Jurisdiction.CA)).isTrue();
        assertThat(TransferRules.concerns(Jurisdiction.CA, Jurisdiction.CA, Jurisdiction.US)).isTrue();
        assertThat(TransferRules.concerns(Jurisdiction.CA, Jurisdiction.US, Jurisdiction.US)).isFalse();
        assertThat(TransferRules.concerns(null, Jurisdiction.US, Jurisdiction.US)).isTrue();
    }

    @Test
    void partners_callers_without_a_jurisdiction_and_third_parties_cannot_approve() {
        assertThat(TransferRules.approvalRefused(true, Jurisdiction.US, List.of("US"))).contains("partner");
        assertThat(TransferRules.approvalRefused(false, null, List.of("US"))).contains("jurisdiction claim");
        assertThat(TransferRules.approvalRefused(false, Jurisdiction.CA, List.of("US"))).contains("not from CA");
        assertThat(TransferRules.approvalRefused(false, Jurisdiction.CA, List.of("US", "CA"))).isNull();
    }

    @Test
    void only_a_manager_of_a_country_the_transfer_concerns_may_cancel_it_never_a_partner() {
        assertThat(TransferRules.cancellationRefused(true, Jurisdiction.US, Jurisdiction.US, Jurisdiction.US))
                .contains("partner");
        assertThat(TransferRules.cancellationRefused(false, Jurisdiction.CA, Jurisdiction.US, Jurisdiction.US))
                .contains("acts in CA");
        assertThat(TransferRules.cancellationRefused(false, Jurisdiction.CA, Jurisdiction.US, Jurisdiction.CA))
                .isNull();
        assertThat(TransferRules.cancellationRefused(false, null, Jurisdiction.US, Jurisdiction.US)).isNull();
    }

    @Test
    void a_transfer_is_approved_only_once_every_required_jurisdiction_has_approved() {
        assertThat(TransferRules.afterApproval(List.of("US", "CA"), List.of("US"))).isEqualTo(TransferState.RECOMMENDED);
        assertThat(TransferRules.afterApproval(List.of("US", "CA"), List.of("CA", "US"))).isEqualTo(TransferState.APPROVED);
    }

    @Test
    void a_receipt_records_the_rest_of_the_dispatch_as_lost_and_refuses_figures_that_do_not_add_up() {
        assertThat(TransferRules.lost(100, 94, null)).isEqualTo(6);
        assertThat(TransferRules.lost(100, 100, 0L)).isZero();
        assertThatThrownBy(() -> TransferRules.lost(100, 94, 5L)).hasMessageContaining("must equal");
        assertThatThrownBy(() -> TransferRules.lost(100, 101, null)).hasMessageContaining("more than");
    }

    @Test
    void a_transfer_moves_only_forward_and_is_cancelled_only_before_dispatch() {
        assertThat(TransferState.RECOMMENDED.mayBecome(TransferState.CANCELLED)).isTrue();
        assertThat(TransferState.APPROVED.mayBecome(TransferState.CANCELLED)).isTrue();
        assertThat(TransferState.DISPATCHED.mayBecome(TransferState.CANCELLED)).isFalse();
        assertThat(TransferState.RECOMMENDED.mayBecome(TransferState.DISPATCHED)).isFalse();
        assertThat(TransferState.RECEIVED.next()).isEmpty();
    }

    @Test
    void an_essential_medicine_and_a_tier_3_shortage_each_raise_a_shortfalls_criticality() {
        assertThat(TransferRules.criticality(false, false)).isEqualTo(1.0);
        assertThat(TransferRules.criticality(true, false)).isEqualTo(2.0);
        assertThat(TransferRules.criticality(false, true)).isEqualTo(2.0);
        assertThat(TransferRules.criticality(true, true)).isEqualTo(3.0);
    }
}
