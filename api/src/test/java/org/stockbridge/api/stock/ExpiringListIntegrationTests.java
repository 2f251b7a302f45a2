package org.stockbridge.api.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.ApiIntegrationTest;
import org.stockbridge.api.CatalogueFixture;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.api.web.Cursor;
import org.stockbridge.batch.ledger.LotExpirySql;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * The expiring list reads the balances in the order of the expiry each balance keeps (V57); these tests hold it equal
 * to the list as it was computed before, from the lot and the site on every read ({@link #recomputed}), on a database
 * of this class's own: SLEP-extended lots at U.S. federal sites and the same lots elsewhere, balances emptied, a lot
 * whose expiry and extension change, a site that stops being federal, backdated lines, and every filter, each walked
 * page by page with its cursors.
 */
@ApiIntegrationTest
@TestPropertySource(properties = "stockbridge.ledger.backdating-window=P400D")
class ExpiringListIntegrationTests {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LocalTokenIssuer issuer;

    private String federal;
    private String otherFederal;
    private String state;
    private String canadianFederal;
    private String province;
    private String vaccine;
    private String antiviral;

    @BeforeAll
    void stock() {
        new CatalogueFixture(jdbc).load();
        federal = site("US", true);
        otherFederal = site("US", true);
        state = site("US", false);
        canadianFederal = site("CA", true);
        province = site("CA", false);
        vaccine = product();
        antiviral = product();

        // extended lots received at a federal site, then moved to sites where the extension does not count
        post(receipt(federal, vaccine, "V-EXT-1", TODAY.plusDays(10), TODAY.plusDays(200), 100, daysAgo(60)));
        post(receipt(federal, antiviral, "A-EXT-1", TODAY.minusDays(20), TODAY.plusDays(40), 50, daysAgo(90)));
        post(receipt(otherFederal, vaccine, "V-EXT-2", TODAY.plusDays(60), TODAY.plusDays(70), 30, daysAgo(30)));
        for (String to : List.of(otherFederal, state, canadianFederal, province)) {
            post(move("TRANSFER_OUT", federal, vaccine, "V-EXT-1", 10, daysAgo(20)));
            post(move("TRANSFER_IN", to, vaccine, "V-EXT-1", 10, daysAgo(19)));
            post(move("TRANSFER_OUT", federal, antiviral, "A-EXT-1", 5, daysAgo(20)));
            post(move("TRANSFER_IN", to, antiviral, "A-EXT-1", 5, daysAgo(19)));
        }
        // plain lots everywhere, several expiring on the same day (the order within a day is site, then lot)
        for (String at : List.of(federal, otherFederal, state, canadianFederal, province)) {
            post(receipt(at, vaccine, "V-" + at, TODAY.plusDays(45), null, 7, daysAgo(10)));
            post(receipt(at, antiviral, "A-" + at, TODAY.plusDays(45), null, 8, daysAgo(10)));
            post(receipt(at, antiviral, "A-PAST-" + at, TODAY.minusDays(3), null, 9, daysAgo(100)));
            post(receipt(at, vaccine, "V-LATE-" + at, TODAY.plusDays(400), null, 4, daysAgo(5)));
        }
        // balances that went to zero, one by a line backdated before a later one
        post(move("ISSUE", state, vaccine, "V-EXT-1", 10, daysAgo(2)));
        post(move("ISSUE", province, antiviral, "A-PAST-" + province, 9, daysAgo(50)));
        post(move("ISSUE", canadianFederal, vaccine, "V-" + canadianFederal, 3, daysAgo(8)));
        post(move("ISSUE", canadianFederal, vaccine, "V-" + canadianFederal, 4, daysAgo(9)));
    }

    @Test
    void the_balances_keep_the_effective_expiry_that_the_rule_gives_at_their_site() {
        assertThat(staleBalances()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM balance WHERE NOT in_stock", Long.class)).isPositive();
    }

    @Test
    void every_filter_walked_page_by_page_lists_what_the_lot_and_site_give_today() {
        assertListsAsRecomputed();
    }

    @Test
    void a_partner_limited_to_its_sites_sees_their_expiring_stock_only_and_in_the_same_order() {
        String token = issuer.mint("partner-test", List.of("read"), "US CA", null, List.of(state, canadianFederal),
                Duration.ofMinutes(30));
        Long[] ids = jdbc.queryForList("SELECT id FROM site WHERE code IN (?, ?)", Long.class, state, canadianFederal)
                .toArray(Long[]::new);

        for (int days : List.of(0, 90, 3650)) {
            assertThat(walk("/api/v1/stock/expiring?limit=2&withinDays=" + days, token))
                    .isNotEmpty()
                    .isEqualTo(recomputed(days, null, null, ids));
            assertThat(walk("/api/v1/stock/expiring?limit=1&withinDays=" + days + "&site=" + state, token))
                    .isEqualTo(recomputed(days, null, state, ids));
        }
        assertThat(walk("/api/v1/stock/expiring?limit=2&site=" + federal, token)).isEmpty();
    }

    @Test
    void a_lot_whose_expiry_or_extension_changes_moves_in_the_list_at_every_site_that_holds_it() {
        String lot = "V-MOVE-" + UUID.randomUUID().toString().substring(0, 6);
        post(receipt(federal, vaccine, lot, TODAY.plusDays(300), TODAY.plusDays(320), 20, daysAgo(3)));
        post(move("TRANSFER_OUT", federal, vaccine, lot, 5, daysAgo(2)));
        post(move("TRANSFER_IN", province, vaccine, lot, 5, daysAgo(2)));
        assertThat(lotsWithin(90)).doesNotContain(lot);

        jdbc.update("UPDATE lot SET labelled_expiry = ?, extended_expiry = ? WHERE lot_number = ?",
                TODAY.plusDays(5), TODAY.plusDays(150), lot);
        assertThat(expiryOf(province, lot)).isEqualTo(TODAY.plusDays(5));
        assertThat(expiryOf(federal, lot)).isEqualTo(TODAY.plusDays(150));
        assertListsAsRecomputed();

        jdbc.update("UPDATE lot SET extended_expiry = NULL WHERE lot_number = ?", lot);
        assertThat(expiryOf(federal, lot)).isEqualTo(TODAY.plusDays(5));
        assertListsAsRecomputed();
        assertThat(staleBalances()).isZero();
    }

    @Test
    void a_lot_first_received_at_a_site_while_its_extension_changes_keeps_the_extension_that_committed()
            throws Exception {
        String lot = "V-RACE-" + UUID.randomUUID().toString().substring(0, 6);
        post(receipt(federal, vaccine, lot, TODAY.plusDays(30), TODAY.plusDays(60), 20, daysAgo(3)));
        try (Connection change = jdbc.getDataSource().getConnection()) {
            change.setAutoCommit(false);
            try (PreparedStatement update = change.prepareStatement(
                    "UPDATE lot SET extended_expiry = ? WHERE lot_number = ?")) {
                update.setObject(1, TODAY.plusDays(400));
                update.setString(2, lot);
                assertThat(update.executeUpdate()).isOne();
            }
            // the lot's first line at another federal site, posted while the change is not committed yet
            CompletableFuture<Void> arrival = CompletableFuture.runAsync(
                    () -> post(move("TRANSFER_IN", otherFederal, vaccine, lot, 5, daysAgo(1))));
            for (int i = 0; i < 600 && !arrival.isDone() && !waitingForALock(); i++) {
                Thread.sleep(50);
            }
            change.commit();
            arrival.get(60, TimeUnit.SECONDS);
        }

        assertThat(expiryOf(otherFederal, lot)).isEqualTo(TODAY.plusDays(400));
        assertThat(expiryOf(federal, lot)).isEqualTo(TODAY.plusDays(400));
        assertThat(staleBalances()).isZero();
    }

    private boolean waitingForALock() {
        return jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock'", Long.class) > 0;
    }

    @Test
    void a_cursor_whose_expiry_is_no_day_is_refused_as_a_bad_request() {
        web.get().uri("/api/v1/stock/expiring?cursor=" + Cursor.after(Long.MAX_VALUE, 1, 1).encoded())
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("cursor"));
    }

    @Test
    void a_site_that_stops_being_federal_loses_the_extension_of_its_lots() {
        String site = site("US", true);
        String lot = "A-FED-" + UUID.randomUUID().toString().substring(0, 6);
        post(receipt(site, antiviral, lot, TODAY.plusDays(30), TODAY.plusDays(365), 12, daysAgo(4)));
        assertThat(walk("/api/v1/stock/expiring?site=" + site, null)).isEmpty();

        jdbc.update("UPDATE site SET federal = false WHERE code = ?", site);

        assertThat(walk("/api/v1/stock/expiring?site=" + site, null)).extracting(row -> row.get(2))
                .containsExactly(lot);
        assertThat(staleBalances()).isZero();
        assertListsAsRecomputed();
    }

    @Test
    void a_restocked_balance_comes_back_and_an_emptied_one_leaves() {
        String lot = "V-BACK-" + UUID.randomUUID().toString().substring(0, 6);
        post(receipt(state, vaccine, lot, TODAY.plusDays(12), null, 6, daysAgo(6)));
        post(move("ISSUE", state, vaccine, lot, 6, daysAgo(5)));
        assertThat(lotsWithin(90)).doesNotContain(lot);

        post(receipt(state, vaccine, lot, TODAY.plusDays(12), null, 2, daysAgo(4)));
        assertThat(lotsWithin(90)).contains(lot);
        assertListsAsRecomputed();
    }

    // --- the list as computed before V57, from the lot and the site -----------------------------------------------

    private void assertListsAsRecomputed() {
        for (int days : List.of(0, 44, 90, 3650)) {
            assertThat(walk("/api/v1/stock/expiring?limit=3&withinDays=" + days, null))
                    .isEqualTo(recomputed(days, null, null, null));
            for (String jurisdiction : List.of("US", "CA")) {
                assertThat(walk("/api/v1/stock/expiring?limit=2&withinDays=" + days + "&jurisdiction=" + jurisdiction,
                        null)).isEqualTo(recomputed(days, jurisdiction, null, null));
            }
            for (String site : List.of(federal, state, canadianFederal)) {
                assertThat(walk("/api/v1/stock/expiring?limit=1&withinDays=" + days + "&site=" + site, null))
                        .isEqualTo(recomputed(days, null, site, null));
            }
        }
        assertThat(recomputed(3650, null, null, null)).hasSizeGreaterThan(20);
    }

    /** The expiring list by the query it had before V57: the effective expiry computed from lot and site on read. */
    private List<List<Object>> recomputed(int withinDays, String jurisdiction, String site, Long[] visibleSites) {
        List<Object> args = new ArrayList<>(List.of(TODAY.plusDays(withinDays)));
        StringBuilder sql = new StringBuilder("""
                SELECT s.code AS site, p.code AS product, l.lot_number, l.labelled_expiry, %s AS extended_expiry,
                       %s AS effective_expiry, b.on_hand
                  FROM balance b JOIN site s ON s.id = b.site_id JOIN lot l ON l.id = b.lot_id
                  JOIN product p ON p.id = b.product_id
                 WHERE b.on_hand > 0 AND %s <= ?""".formatted(LotExpirySql.EXTENDED_EXPIRY,
                LotExpirySql.EFFECTIVE_EXPIRY, LotExpirySql.EFFECTIVE_EXPIRY));
        if (jurisdiction != null) {
            sql.append(" AND s.jurisdiction = ?");
            args.add(jurisdiction);
        }
        if (site != null) {
            sql.append(" AND s.code = ?");
            args.add(site);
        }
        if (visibleSites != null) {
            sql.append(" AND s.id = ANY(?)");
            args.add(visibleSites);
        }
        sql.append(" ORDER BY ").append(LotExpirySql.EFFECTIVE_EXPIRY).append(", b.site_id, b.lot_id");
        return jdbc.query(sql.toString(), (row, n) -> List.of(row.getString("site"), row.getString("product"),
                row.getString("lot_number"), String.valueOf(row.getObject("labelled_expiry", LocalDate.class)),
                String.valueOf(row.getObject("extended_expiry", LocalDate.class)),
                String.valueOf(row.getObject("effective_expiry", LocalDate.class)), row.getLong("on_hand")),
                args.toArray());
    }

    /** Balances whose kept expiry differs from the one LotExpirySql gives. */
    private long staleBalances() {
        return jdbc.queryForObject("SELECT count(*) FROM balance b JOIN site s ON s.id = b.site_id "
                + "JOIN lot l ON l.id = b.lot_id WHERE b.effective_expiry IS DISTINCT FROM "
                + LotExpirySql.EFFECTIVE_EXPIRY, Long.class);
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    /** Every row of the list, in the rows' own terms, following nextCursor page after page. */
    private List<List<Object>> walk(String uri, String token) {
        List<List<Object>> all = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 200; pages++) {
            Map<String, Object> page = get(cursor == null ? uri : uri + "&cursor=" + cursor, token);
            for (Object item : (List<?>) page.get("items")) {
                Map<?, ?> lot = (Map<?, ?>) item;
                all.add(List.of(lot.get("site"), lot.get("product"), lot.get("lotNumber"),
                        String.valueOf(lot.get("labelledExpiry")), String.valueOf(lot.get("extendedExpiry")),
                        String.valueOf(lot.get("effectiveExpiry")), ((Number) lot.get("onHand")).longValue()));
            }
            cursor = (String) page.get("nextCursor");
            if (cursor == null) {
                return all;
            }
        }
        throw new AssertionError("more than 200 pages at " + uri);
    }

    private List<Object> lotsWithin(int days) {
        return walk("/api/v1/stock/expiring?limit=50&withinDays=" + days, null).stream().map(row -> row.get(2))
                .toList();
    }

    /** The effective expiry of the lot in the site's expiring list within 3650 days, null when it is not listed. */
    private LocalDate expiryOf(String site, String lot) {
        return walk("/api/v1/stock/expiring?withinDays=3650&site=" + site, null).stream()
                .filter(row -> row.get(2).equals(lot)).findFirst()
                .map(row -> LocalDate.parse((String) row.get(5))).orElse(null);
    }

    private String site(String jurisdiction, boolean federal) {
        String code = "EXP-" + jurisdiction + "-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("INSERT INTO site (code, name, jurisdiction, agency_id, kind, region, federal, source) "
                        + "SELECT ?, ?, ?, id, ?, ?, ?, 'fixture' FROM agency WHERE code = ?",
                code, "Test site " + code, jurisdiction, federal ? "REGIONAL" : (jurisdiction.equals("US") ? "STATE" : "PROVINCIAL"),
                jurisdiction.equals("US") ? "HHS-1" : "ON", federal, jurisdiction.equals("US") ? "ASPR" : "PHAC");
        return code;
    }

    private String product() {
        String code = "EXP-" + UUID.randomUUID();
        jdbc.update("INSERT INTO product (code, kind, name, unit_of_issue, source) "
                + "VALUES (?, 'DRUG', 'Test product', 'vial', 'fixture')", code);
        return code;
    }

    private static String daysAgo(int days) {
        return OffsetDateTime.now(ZoneOffset.UTC).minusDays(days).withNano(0).toString();
    }

    private static Map<String, Object> receipt(String site, String product, String lot, LocalDate expiry,
                                               LocalDate extendedExpiry, long quantity, String occurredAt) {
        Map<String, Object> lotFields = new HashMap<>(Map.of("number", lot, "expiry", expiry.toString()));
        if (extendedExpiry != null) {
            lotFields.put("extendedExpiry", extendedExpiry.toString());
        }
        return Map.of("site", site, "product", product, "type", "RECEIPT", "quantity", quantity,
                "occurredAt", occurredAt, "lot", lotFields);
    }

    private static Map<String, Object> move(String type, String site, String product, String lot, long quantity,
                                            String occurredAt) {
        return Map.of("site", site, "product", product, "type", type, "quantity", quantity, "occurredAt", occurredAt,
                "lot", Map.of("number", lot));
    }

    private void post(Map<String, Object> body) {
        web.post().uri("/api/v1/movements").header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body)
                .exchange().expectStatus().isCreated();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> get(String uri, String token) {
        WebTestClient.RequestHeadersSpec<?> request = web.get().uri(uri);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return request.exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }
}
