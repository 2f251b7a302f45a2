package org.stockbridge.forecasting.simulation;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.ProductKind;
import org.stockbridge.domain.SiteKind;
import org.stockbridge.domain.ledger.SiteContext;
import org.stockbridge.forecasting.demand.DemandSeries;

/**
 * The (site, product) panel of the demo stock as the demo loader picks it (depots stock the PPE items and the drug
 * products of their country; dispensing sites stock their own few products), read from the CSV that
 * {@code benchmarks/sql/demo-panel.sql} writes. With the simulator and the same seed, end date and driver it
 * regenerates exactly the consumption series the demo ledger holds, without a database.
 */
public final class DemoPanel {

    private record Site(String code, String region, SiteContext context, SiteKind kind) {
    }

    private record Product(String code, ProductKind kind, String atc, String market, int packSize) {

        boolean respiratory() {
            return kind == ProductKind.PPE
                    || atc != null && (atc.startsWith("J") || atc.startsWith("R") || atc.startsWith("H02"));
        }
    }

    private final List<SeriesSpec> specs;

    private DemoPanel(List<SeriesSpec> specs) {
        this.specs = List.copyOf(specs);
    }

    public static DemoPanel read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the demo panel " + file, e);
        }
    }

    public static DemoPanel read(Reader reader) {
        List<Site> sites = new ArrayList<>();
        List<Product> depotProducts = new ArrayList<>();
        List<Product> dispensing = new ArrayList<>();
        try (CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get()
                .parse(reader)) {
            for (CSVRecord row : csv) {
                String role = row.get("role");
                switch (role) {
                    case "site" -> sites.add(new Site(row.get("code"), row.get("region"),
                            new SiteContext(Jurisdiction.valueOf(row.get("jurisdiction")),
                                    row.get("federal").startsWith("t")), SiteKind.parse(row.get("site_kind"))));
                    case "depot-drug", "depot-ppe" -> depotProducts.add(product(row));
                    case "dispensing" -> dispensing.add(product(row));
                    default -> throw new IllegalArgumentException("demo panel row " + row.getRecordNumber()
                            + " has an unknown role '" + role + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the demo panel", e);
        }
        List<SeriesSpec> specs = new ArrayList<>();
        for (Site site : sites) {
            List<Product> stocked = site.kind() == SiteKind.DISPENSING ? dispensing : depotProducts.stream()
                    .filter(p -> p.kind() == ProductKind.PPE
                            || p.market().equals(site.context().jurisdiction().name()))
                    .toList();
            for (Product p : stocked) {
                specs.add(new SeriesSpec(site.code(), site.region(), site.context(), site.kind(), p.code(), p.kind(),
                        p.respiratory(), Math.max(1, p.packSize())));
            }
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("the demo panel has no (site, product) pair");
        }
        return new DemoPanel(specs);
    }

    private static Product product(CSVRecord row) {
        return new Product(row.get("code"), ProductKind.valueOf(row.get("product_kind")), row.get("atc"),
                row.get("market"), Integer.parseInt(row.get("pack_size")));
    }

    public List<SeriesSpec> specs() {
        return specs;
    }

    /**
     * The observed consumption of every pair, as the simulator generates the whole stockpile system: what dispensing
     * sites issued, what depots deployed (issued to the sites outside the demo and transferred to those in it).
     */
    public List<DemandSeries> series(DemoStockSimulator simulator) {
        List<DemandSeries> out = new ArrayList<>(specs.size());
        for (SimulatedSeries simulated : simulator.simulateAll(specs)) {
            out.add(toDemandSeries(simulated));
        }
        return out;
    }

    /** A simulated series as a demand series of what left the site for use. */
    public static DemandSeries toDemandSeries(SimulatedSeries simulated) {
        SeriesSpec spec = simulated.spec();
        long[] issued = simulated.issued();
        double[] daily = new double[issued.length];
        for (int i = 0; i < daily.length; i++) {
            daily[i] = issued[i];
        }
        return new DemandSeries(new DemandSeries.Key(spec.site(), spec.product()),
                new DemandSeries.Attributes(spec.context().jurisdiction(), spec.region(), spec.siteKind(),
                        spec.productKind(), spec.respiratory()), simulated.start(), daily);
    }
}
