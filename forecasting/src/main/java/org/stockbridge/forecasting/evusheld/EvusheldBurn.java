package org.stockbridge.forecasting.evusheld;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.stockbridge.domain.HhsRegions;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.ProductKind;
import org.stockbridge.domain.SiteKind;
import org.stockbridge.forecasting.demand.DemandSeries;

/**
 * The real daily Evusheld burn of each dispensing site, from the HHS therapeutics locator snapshots: between two
 * on-hand reports of a site, burn = on-hand before + delivered − on-hand after, where a delivery is a new
 * {@code last_date_delivered} inside the interval and its quantity the rise of the site's {@code total_courses} since
 * its previous delivery. The burn is spread evenly over the interval's days. An interval whose on-hand rose without a
 * recorded delivery (a recount) or whose burn would be negative is unknown, and its days take the site's mean burn
 * of the intervals before it (what was known then); a site needs {@value #MIN_REPORTS} reports over at least
 * {@value #MIN_DAYS} days and at most a quarter of its days unknown.
 */
public final class EvusheldBurn {

    public static final String FILE = "hhs-therapeutics-locator-evusheld/"
            + "evusheld_locator_snapshots_2022-01-19_to_2022-03-08.csv";
    public static final String PRODUCT = "NDC-0310-7442";
    static final int MIN_REPORTS = 8;
    static final int MIN_DAYS = 35;

    private record Report(LocalDate day, double onHand, double totalCourses, LocalDate lastDelivered) {
    }

    /** The series read and how many sites were left out. */
    public record Read(List<DemandSeries> series, int sites, int leftOut) {
    }

    private EvusheldBurn() {
    }

    public static Read read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the Evusheld locator snapshots " + file, e);
        }
    }

    public static Read read(Reader reader) {
        Map<String, TreeMap<LocalDate, Report>> bySite = new LinkedHashMap<>();
        Map<String, String> region = new LinkedHashMap<>();
        try (CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get()
                .parse(reader)) {
            for (CSVRecord row : csv) {
                LocalDate day = date(row.get("courses_available_date"));
                Double onHand = number(row.get("courses_available"));
                String state = row.get("state_code");
                if (day == null || onHand == null || HhsRegions.of(state).isEmpty()) {
                    continue;
                }
                String site = row.get("npi").isBlank() ? row.get("provider_name") + "|" + row.get("zip")
                        : "EVU-" + row.get("npi").replace(".0", "");
                Double total = number(row.get("total_courses"));
                bySite.computeIfAbsent(site, s -> new TreeMap<>()).put(day, new Report(day, onHand,
                        total == null ? Double.NaN : total, date(row.get("last_date_delivered"))));
                region.put(site, HhsRegions.of(state).orElseThrow());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the Evusheld locator snapshots", e);
        }
        List<DemandSeries> out = new ArrayList<>();
        int leftOut = 0;
        for (Map.Entry<String, TreeMap<LocalDate, Report>> e : bySite.entrySet()) {
            DemandSeries s = series(e.getKey(), region.get(e.getKey()), new ArrayList<>(e.getValue().values()));
            if (s == null) {
                leftOut++;
            } else {
                out.add(s);
            }
        }
        return new Read(out, bySite.size(), leftOut);
    }

    private static DemandSeries series(String site, String region, List<Report> reports) {
        if (reports.size() < MIN_REPORTS) {
            return null;
        }
        LocalDate first = reports.get(0).day();
        int days = (int) ChronoUnit.DAYS.between(first, reports.get(reports.size() - 1).day());
        if (days < MIN_DAYS) {
            return null;
        }
        double[] daily = new double[days + 1];
        int unknown = 0;
        double knownBurn = 0;
        int knownDays = 0;
        double totalAtLastDelivery = reports.get(0).totalCourses();
        LocalDate lastDelivery = reports.get(0).lastDelivered();
        for (int i = 1; i < reports.size(); i++) {
            Report a = reports.get(i - 1);
            Report b = reports.get(i);
            int length = (int) ChronoUnit.DAYS.between(a.day(), b.day());
            double delivered = 0;
            boolean delivery = b.lastDelivered() != null && (lastDelivery == null
                    || b.lastDelivered().isAfter(lastDelivery)) && b.lastDelivered().isAfter(a.day())
                    && !b.lastDelivered().isAfter(b.day());
            if (delivery) {
                delivered = Double.isNaN(b.totalCourses()) || Double.isNaN(totalAtLastDelivery) ? Double.NaN
                        : Math.max(0, b.totalCourses() - totalAtLastDelivery);
                totalAtLastDelivery = b.totalCourses();
                lastDelivery = b.lastDelivered();
            }
            double burn = a.onHand() + delivered - b.onHand();
            boolean known = !Double.isNaN(burn) && burn >= 0;
            double rate = known ? burn / length : knownDays == 0 ? 0 : knownBurn / knownDays;
            int offset = (int) ChronoUnit.DAYS.between(first, a.day());
            for (int d = 1; d <= length; d++) {
                daily[offset + d] = rate;
            }
            if (known) {
                knownBurn += burn;
                knownDays += length;
            } else {
                unknown += length;
            }
        }
        if (unknown * 4 > days) {
            return null;
        }
        return new DemandSeries(new DemandSeries.Key(site, PRODUCT), new DemandSeries.Attributes(Jurisdiction.US,
                region, SiteKind.DISPENSING, ProductKind.DRUG, true), first, daily);
    }

    private static LocalDate date(String text) {
        if (text == null || text.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(text.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Double number(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
