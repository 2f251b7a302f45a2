package org.stockbridge.batch.forecast;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.ProductKind;
import org.stockbridge.domain.SiteKind;
import org.stockbridge.forecasting.demand.DemandSeries;
import org.stockbridge.forecasting.driver.DemandDriver;
import org.stockbridge.forecasting.driver.HospitalCensus;
import org.stockbridge.forecasting.stockout.LeadTimes;
import org.stockbridge.forecasting.stockout.Replenishment;
import org.stockbridge.forecasting.stockout.StockPosition;
import org.stockbridge.forecasting.stockout.UsableLot;

/**
 * Reads what the forecasts need from the ledger (JDBC): the daily consumption of every (site, product) that has
 * movements (units issued per UTC day, reversed issues left out), the usable lots on a day, and the demand driver;
 * the ledger reads are {@link PanelSql}'s, the service's too.
 */
@Component
public class ForecastData {

    static final String CENSUS = "hhs-hospital-capacity-state/"
            + "COVID-19_Reported_Patient_Impact_and_Hospital_Capacity_by_State_Timeseries_subset.csv";

    /** One (site, product) with its ids and the series' attributes. */
    public record Pair(long siteId, long productId, String site, String product, String atc,
                       DemandSeries.Attributes attributes, LocalDate start) {
    }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    public ForecastData(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    /** Every (site, product) with a movement on or before {@code asOf}, in (site, product) order. */
    public List<Pair> pairs(LocalDate asOf) {
        return named.query("""
                SELECT s.id AS site_id, p.id AS product_id, s.code AS site, p.code AS product, p.atc_code, p.kind AS product_kind,
                       s.kind AS site_kind, s.jurisdiction, s.region, f.first_day
                  FROM (%s) f
                  JOIN site s ON s.id = f.site_id JOIN product p ON p.id = f.product_id
                 ORDER BY s.code, p.code""".formatted(PanelSql.PAIRS), next(asOf), (rs, n) -> {
            ProductKind kind = ProductKind.valueOf(rs.getString("product_kind"));
            String atc = rs.getString("atc_code");
            boolean respiratory = kind == ProductKind.PPE
                    || atc != null && (atc.startsWith("J") || atc.startsWith("R") || atc.startsWith("H02"));
            return new Pair(rs.getLong("site_id"), rs.getLong("product_id"), rs.getString("site"),
                    rs.getString("product"), atc, new DemandSeries.Attributes(
                    Jurisdiction.valueOf(rs.getString("jurisdiction")), rs.getString("region"),
                    SiteKind.valueOf(rs.getString("site_kind")), kind, respiratory),
                    rs.getDate("first_day").toLocalDate());
        });
    }

    /** The consumption series of the pairs up to {@code asOf}, zero-filled, in the order of the pairs. */
    public List<DemandSeries> series(List<Pair> pairs, LocalDate asOf) {
        Map<String, double[]> daily = new LinkedHashMap<>();
        Map<String, Pair> byKey = new HashMap<>();
        for (Pair p : pairs) {
            int days = (int) java.time.temporal.ChronoUnit.DAYS.between(p.start(), asOf) + 1;
            daily.put(p.siteId() + "/" + p.productId(), new double[Math.max(1, days)]);
            byKey.put(p.siteId() + "/" + p.productId(), p);
        }
        named.query(PanelSql.ISSUES_BY_DAY, new MapSqlParameterSource("day", asOf), rs -> {
            String key = rs.getLong("site_id") + "/" + rs.getLong("product_id");
            double[] d = daily.get(key);
            if (d != null) {
                int i = (int) java.time.temporal.ChronoUnit.DAYS.between(byKey.get(key).start(),
                        rs.getDate("day").toLocalDate());
                if (i >= 0 && i < d.length) {
                    d[i] += rs.getLong("issued");
                }
            }
        });
        List<DemandSeries> out = new ArrayList<>(pairs.size());
        for (Pair p : pairs) {
            out.add(new DemandSeries(new DemandSeries.Key(p.site(), p.product()), p.attributes(), p.start(),
                    daily.get(p.siteId() + "/" + p.productId())));
        }
        return out;
    }

    /**
     * The usable lots of every pair at the end of {@code asOf}: on hand from the movements up to that day, released,
     * and not past their expiry at that site (the SLEP extended date only at U.S. federal sites) the next day; with
     * the pair's stock policy (its current one: policies keep no history) and the lead time of its kind.
     */
    public Map<String, StockPosition> positions(List<Pair> pairs, LocalDate asOf, LeadTimes leadTimes) {
        Map<String, List<UsableLot>> lots = new HashMap<>();
        Map<String, long[]> policies = new HashMap<>();
        jdbc.query("SELECT site_id, product_id, reorder_point, max_stock FROM stock_policy WHERE max_stock IS NOT NULL",
                rs -> {
                    policies.put(rs.getLong("site_id") + "/" + rs.getLong("product_id"),
                            new long[] {rs.getLong("reorder_point"), rs.getLong("max_stock")});
                });
        MapSqlParameterSource day = next(asOf).addValue("day", asOf);
        boolean moved = Boolean.TRUE.equals(named.queryForObject(PanelSql.MOVED_SINCE, day, Boolean.class));
        named.query(moved ? PanelSql.USABLE_LOTS_FROM_LINES : PanelSql.USABLE_LOTS_FROM_BALANCES, day, rs -> {
            lots.computeIfAbsent(rs.getLong("site_id") + "/" + rs.getLong("product_id"), k -> new ArrayList<>())
                    .add(new UsableLot(rs.getString("lot_number"), rs.getLong("on_hand"),
                            rs.getDate("expiry").toLocalDate()));
        });
        Map<String, StockPosition> out = new LinkedHashMap<>();
        for (Pair p : pairs) {
            long[] policy = policies.get(p.siteId() + "/" + p.productId());
            Replenishment replenishment = policy == null || policy[1] < policy[0] ? null : new Replenishment(
                    policy[0], policy[1], leadTimes.of(p.attributes().productKind(), p.attributes().depot()));
            out.put(p.site() + "/" + p.product(), new StockPosition(p.site(), p.product(), asOf,
                    lots.getOrDefault(p.siteId() + "/" + p.productId(), List.of()), List.of(), replenishment));
        }
        return out;
    }

    /** The last day with a movement. */
    public LocalDate lastDay() {
        Date day = jdbc.queryForObject(PanelSql.LAST_DAY, Date.class);
        if (day == null) {
            throw new IllegalStateException("the ledger has no movement to forecast from");
        }
        return day.toLocalDate();
    }

    /**
     * The demand driver: the hospital census replayed as the demo generator replayed it when the demo stock is loaded
     * (so the synthetic demand and its driver line up), else on its own dates; none without the census file.
     */
    public DemandDriver driver(Path dataDirectory) {
        Path census = dataDirectory.resolve(CENSUS);
        if (!Files.isRegularFile(census)) {
            return DemandDriver.NONE;
        }
        HospitalCensus hospital = HospitalCensus.read(census);
        List<String> parameters = jdbc.queryForList(
                "SELECT parameters FROM dataset_load WHERE name = 'demo-stock' AND complete", String.class);
        for (String parameter : parameters) {
            for (String part : String.valueOf(parameter).split(";")) {
                if (part.startsWith("end=")) {
                    return hospital.replayedTo(LocalDate.parse(part.substring(4)));
                }
            }
        }
        return hospital.asRecorded();
    }

    /** {@code :next}, the first instant after {@code day}. */
    private static MapSqlParameterSource next(LocalDate day) {
        return new MapSqlParameterSource("next", day.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
    }
}
