package org.stockbridge.batch.shortage;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Links the reports a run created or changed to catalogue products and equivalence groups, once per run after its
 * last chunk, in one set-based statement; a report keeps only the links of the strongest method that found any:
 * <ol>
 *   <li>{@code DIN}: the report's DIN is a catalogue product's DIN (the product and its group);</li>
 *   <li>{@code PACKAGE_NDC}, then {@code PRODUCT_NDC}: the FDA package NDC, else its product NDC;</li>
 *   <li>{@code DPD_INGREDIENTS_ATC}: the DPD lists the DIN with an active-ingredient group (same ingredients and
 *       strengths) that a catalogue product belongs to, with the same ATC code: that product's group;</li>
 *   <li>{@code INGREDIENTS_ATC}: the report's own ingredients and ATC code match a group's;</li>
 *   <li>{@code SUBSTANCE}: an FDA report's substances are a group's ingredients.</li>
 * </ol>
 */
final class ShortageLinks {

    /**
     * Every candidate link of the reports the run changed last ({@code changed_run_id}) with the rank of its method;
     * the reports are read once (the CTE is materialised), so the plan does not depend on the statistics of a table
     * just loaded.
     */
    private static final String CANDIDATES = """
            WITH r AS MATERIALIZED (
                SELECT r.id, r.source, r.din, r.package_ndc, r.product_ndc, r.moieties, r.atc_code
                  FROM shortage_report r WHERE r.changed_run_id = ?
            ), candidate AS (
                SELECT r.id AS report_id, p.id AS product_id, p.equivalence_group_id, 'DIN' AS method, 1 AS rank
                  FROM r JOIN product_identifier i ON i.system = 'DIN' AND i.value = r.din
                  JOIN product p ON p.id = i.product_id
                 WHERE r.din IS NOT NULL
                UNION ALL
                SELECT r.id, p.id, p.equivalence_group_id, 'PACKAGE_NDC', 2
                  FROM r JOIN product_identifier i ON i.system = 'NDC'
                       AND i.lookup_key = upper(regexp_replace(r.package_ndc, '[^0-9A-Za-z]', '', 'g'))
                  JOIN product p ON p.id = i.product_id
                 WHERE r.package_ndc IS NOT NULL
                UNION ALL
                SELECT r.id, p.id, p.equivalence_group_id, 'PRODUCT_NDC', 3
                  FROM r JOIN product_identifier i ON i.system = 'NDC'
                       AND i.lookup_key = upper(regexp_replace(r.product_ndc, '[^0-9A-Za-z]', '', 'g'))
                  JOIN product p ON p.id = i.product_id
                 WHERE r.product_ndc IS NOT NULL
                UNION ALL
                SELECT DISTINCT r.id, NULL::bigint, p.equivalence_group_id, 'DPD_INGREDIENTS_ATC', 4
                  FROM r JOIN dpd_product d ON d.din = r.din AND d.ai_group_no IS NOT NULL
                  JOIN dpd_product sibling ON sibling.ai_group_no = d.ai_group_no
                  JOIN product_identifier i ON i.system = 'DIN' AND i.value = sibling.din
                  JOIN product p ON p.id = i.product_id AND p.equivalence_group_id IS NOT NULL
                       AND p.atc_code = ANY (d.atc_codes)
                 WHERE r.din IS NOT NULL
                UNION ALL
                SELECT DISTINCT r.id, NULL::bigint, g.id, 'INGREDIENTS_ATC', 5
                  FROM r JOIN equivalence_group g ON g.ingredients = r.moieties AND g.atc_code = r.atc_code
                 WHERE r.moieties IS NOT NULL AND r.atc_code IS NOT NULL
                UNION ALL
                SELECT DISTINCT r.id, NULL::bigint, g.id, 'SUBSTANCE', 6
                  FROM r JOIN equivalence_group g ON g.ingredients = r.moieties
                 WHERE r.source = 'FDA' AND r.moieties IS NOT NULL
            ), strongest AS (
                SELECT report_id, min(rank) AS rank FROM candidate GROUP BY report_id
            )
            INSERT INTO shortage_report_link (report_id, product_id, equivalence_group_id, match_method)
            SELECT c.report_id, c.product_id, c.equivalence_group_id, c.method
              FROM candidate c JOIN strongest s ON s.report_id = c.report_id AND s.rank = c.rank
            ON CONFLICT DO NOTHING""";
    private final JdbcTemplate jdbc;

    ShortageLinks(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * Links the reports this run created or changed, after dropping the links they had (a changed report is linked
     * anew from its new fields; a new report has none); run again, it gives the same links.
     */
    void link(long runId) {
        jdbc.update("DELETE FROM shortage_report_link WHERE report_id IN (SELECT id FROM shortage_report "
                + "WHERE changed_run_id = ?)", runId);
        jdbc.update(CANDIDATES, runId);
    }

    /** How many of the reports this run read have a link, and how many have none. */
    long[] counts(long runId) {
        return jdbc.queryForObject("SELECT count(l.report_id), count(*) - count(l.report_id) FROM shortage_report r "
                + "LEFT JOIN (SELECT DISTINCT report_id FROM shortage_report_link) l ON l.report_id = r.id "
                + "WHERE r.last_run_id = ?",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}, runId);
    }
}
