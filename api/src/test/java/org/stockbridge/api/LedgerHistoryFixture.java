package org.stockbridge.api;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Ledger history for tests that compare a read with what the ledger's lines say: test sites and products beside the
 * {@link CatalogueFixture}'s, lines posted through the API in random order of date with reversals of some of them,
 * and lines inserted many to a statement as the history loads write them; and the API calls to read the answers back.
 */
public final class LedgerHistoryFixture {

    private final WebTestClient web;
    private final JdbcTemplate jdbc;

    public LedgerHistoryFixture(WebTestClient web, JdbcTemplate jdbc) {
        this.web = web;
        this.jdbc = jdbc;
    }

    /** A new site of the jurisdiction's federal agency: a U.S. federal regional depot or a Canadian provincial one. */
    public String site(String prefix, String jurisdiction) {
        boolean us = jurisdiction.equals("US");
        String code = prefix + "-" + jurisdiction + "-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("INSERT INTO site (code, name, jurisdiction, agency_id, kind, region, federal, source) "
                        + "SELECT ?, ?, ?, id, ?, ?, ?, 'fixture' FROM agency WHERE code = ?",
                code, "Test site " + code, jurisdiction, us ? "REGIONAL" : "PROVINCIAL", us ? "HHS-1" : "ON", us,
                us ? "ASPR" : "PHAC");
        return code;
    }

    /** A new drug, in the equivalence group and ATC class given (either may be null). */
    public String product(Long group, String atc) {
        return product(group, "DRUG", atc);
    }

    /** A new product of the kind given (a drug's unit is the vial, anything else's each). */
    public String product(Long group, String kind, String atc) {
        String code = "TEST-" + UUID.randomUUID();
        jdbc.update("INSERT INTO product (code, kind, name, unit_of_issue, atc_code, equivalence_group_id, source) "
                + "VALUES (?, ?, 'Test product', ?, ?, ?, 'fixture')", code, kind,
                kind.equals("DRUG") ? "vial" : "each", atc, group);
        return code;
    }

    /** Posts one line through the API: of a new lot when {@code expiry} is given, else of the lot already there. */
    public void postLine(String site, String product, String type, int quantity, OffsetDateTime at, String lot,
                         LocalDate expiry) {
        Map<String, Object> lotBody = new HashMap<>(Map.of("number", lot));
        if (expiry != null) {
            lotBody.put("expiry", expiry.toString());
        }
        post(Map.of("site", site, "product", product, "type", type, "quantity", quantity,
                "occurredAt", at.toString(), "lot", lotBody));
    }

    /**
     * Posts {@code count} lines through the API: each of a type drawn from {@code types} (a write-off with its reason),
     * 1 to 40 units of lot A or B of a random (site, product), dated up to {@code minutesBack} minutes before
     * {@code now}, so most are dated before lines already posted; about one in {@code reversalOneIn} steps reverses an
     * earlier issue or transfer out instead.
     */
    public void postRandomHistory(Random random, List<String> sites, List<String> products, List<String> types,
                                  int count, int reversalOneIn, OffsetDateTime now, int minutesBack) {
        List<Long> reversible = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (random.nextInt(reversalOneIn) == 0 && !reversible.isEmpty()) {
                long line = reversible.remove(random.nextInt(reversible.size()));
                postTo("/api/v1/movements/" + line + "/reversal", Map.of("reason", "entered twice"));
                continue;
            }
            String type = types.get(random.nextInt(types.size()));
            Map<String, Object> body = new HashMap<>(Map.of("site", sites.get(random.nextInt(sites.size())),
                    "product", products.get(random.nextInt(products.size())), "type", type,
                    "quantity", 1 + random.nextInt(40),
                    "occurredAt", now.minusMinutes(random.nextInt(minutesBack)).toString(),
                    "lot", Map.of("number", random.nextBoolean() ? "A" : "B")));
            if (type.equals("WRITE_OFF")) {
                body.put("reasonCode", "DAMAGED");
            }
            Map<String, Object> posted = post(body);
            if (!type.equals("WRITE_OFF")) {
                reversible.add(((Number) json(((List<?>) posted.get("movements")).get(0)).get("id")).longValue());
            }
        }
    }

    /** One line as the history loads insert it, of lot A or B: a row of {@link #insertAsTheLoadsDo(List)}. */
    public static String loadedLine(Random random, String site, String product, String type, long quantity,
                                    OffsetDateTime at) {
        return "((SELECT id FROM site WHERE code = '" + site + "'), (SELECT id FROM product WHERE code = '" + product
                + "'), (SELECT l.id FROM lot l JOIN product p ON p.id = l.product_id WHERE p.code = '" + product
                + "' AND l.lot_number = '" + (random.nextBoolean() ? "A" : "B") + "'), '" + type + "', " + quantity
                + ", TIMESTAMPTZ '" + at + "', 'loader')";
    }

    /** Inserts the lines in one statement, as the history loads write them (not through the API). */
    public void insertAsTheLoadsDo(List<String> lines) {
        jdbc.update("INSERT INTO movement (site_id, product_id, lot_id, type, quantity, occurred_at, actor) VALUES "
                + String.join(", ", lines));
    }

    public Map<String, Object> post(Map<String, Object> body) {
        return postTo("/api/v1/movements", body);
    }

    public Map<String, Object> postTo(String uri, Map<String, Object> body) {
        return json(web.post().uri(uri).header("Idempotency-Key", UUID.randomUUID().toString()).bodyValue(body)
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody());
    }

    public Map<String, Object> get(String uri) {
        return get(uri, null);
    }

    /** A GET as the caller of {@code token}, or as the tests' default caller when it is null. */
    public Map<String, Object> get(String uri, String token) {
        WebTestClient.RequestHeadersSpec<?> request = web.get().uri(uri);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return json(request.exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody());
    }

    /** Every item of a list, following nextCursor page after page. */
    public List<Map<String, Object>> walk(String uri) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 100; pages++) {
            Map<String, Object> page = get(cursor == null ? uri : uri + "&cursor=" + cursor);
            all.addAll(items(page));
            cursor = (String) page.get("nextCursor");
            if (cursor == null) {
                return all;
            }
        }
        throw new AssertionError("more than 100 pages at " + uri);
    }

    public static List<Map<String, Object>> items(Map<String, Object> page) {
        return ((List<?>) page.get("items")).stream().map(LedgerHistoryFixture::json).toList();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(Object value) {
        return (Map<String, Object>) value;
    }
}
