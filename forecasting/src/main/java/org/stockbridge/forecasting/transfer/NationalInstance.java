package org.stockbridge.forecasting.transfer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A generated national transfer problem, the same for the same seed: U.S. sites in the ten HHS regions and Canadian
 * sites in the provinces (weighted by population, one federal depot per region or province plus VA/DoD-like federal
 * sites), products in U.S./Canadian equivalence pairs and market-only products, import authorisations (some ending
 * before arrival), shortfalls at some sites and surplus at others, several lots per donor with expiries, SLEP lots at
 * U.S. federal sites (some past their labelled date) and quarantined, recalled or expired lots. Lanes follow great-circle
 * distance; cross-border lanes go through the real crossing that makes the trip shortest, one day's delay at the border.
 */
public final class NationalInstance {

    private record Place(String code, String jurisdiction, double lat, double lon, int sites) {
    }

    /** A border crossing with its position: cross-border lanes pass through the one that makes the trip shortest. */
    record Crossing(String name, double lat, double lon) {
    }

    private static final List<Place> PLACES = List.of(
            new Place("R01", "US", 42.36, -71.06, 48), new Place("R02", "US", 40.71, -74.00, 85),
            new Place("R03", "US", 39.95, -75.17, 85), new Place("R04", "US", 33.75, -84.39, 160),
            new Place("R05", "US", 41.88, -87.63, 132), new Place("R06", "US", 32.78, -96.80, 104),
            new Place("R07", "US", 39.10, -94.58, 42), new Place("R08", "US", 39.74, -104.99, 38),
            new Place("R09", "US", 37.77, -122.42, 123), new Place("R10", "US", 47.61, -122.33, 33),
            new Place("ON", "CA", 43.65, -79.38, 58), new Place("QC", "CA", 45.50, -73.57, 34),
            new Place("BC", "CA", 49.28, -123.12, 21), new Place("AB", "CA", 51.05, -114.07, 17),
            new Place("MB", "CA", 49.90, -97.14, 5), new Place("SK", "CA", 52.13, -106.67, 4),
            new Place("NS", "CA", 44.65, -63.57, 4), new Place("NB", "CA", 45.96, -66.64, 2),
            new Place("NL", "CA", 47.56, -52.71, 2), new Place("PE", "CA", 46.24, -63.13, 1),
            new Place("YT", "CA", 60.72, -135.06, 1), new Place("NT", "CA", 62.45, -114.37, 1),
            new Place("NU", "CA", 63.75, -68.52, 1));

    static final List<Crossing> CROSSINGS = List.of(
            new Crossing("Blaine-Pacific Highway", 49.00, -122.75), new Crossing("Sweetgrass-Coutts", 49.00, -111.96),
            new Crossing("Pembina-Emerson", 49.00, -97.24), new Crossing("Detroit-Windsor", 42.31, -83.07),
            new Crossing("Port Huron-Sarnia", 42.99, -82.42), new Crossing("Buffalo-Fort Erie", 42.90, -78.90),
            new Crossing("Champlain-Lacolle", 45.01, -73.45), new Crossing("Calais-St. Stephen", 45.19, -67.28));

    private static final int[] PACKS = {1, 10, 10, 20, 24, 50, 100, 100};

    /** The regions of the surge scenarios: the corridor from Chicago and New York to Toronto and Montréal. */
    private static final Set<String> SURGE_REGIONS = Set.of("R02", "R05", "ON", "QC");

    /** The crossings between those regions, closed in {@link Scenario#CLOSED_CROSSINGS}. */
    private static final Set<String> CORRIDOR_CROSSINGS = Set.of("Detroit-Windsor", "Port Huron-Sarnia",
            "Buffalo-Fort Erie", "Champlain-Lacolle");

    /**
     * What the instance stands for. The sites, their places and the products are the same in every scenario for the
     * same seed; a scenario changes which sites are short and by how much, what donors hold, lot statuses and open
     * crossings.
     */
    public enum Scenario {
        /** Surplus well above the shortfalls: what stays unmet is mostly what the rules refuse. */
        AMPLE,
        /** Every shortfall three times as large and donors keeping a quarter of their extra stock: supply is scarce. */
        SCARCE,
        /**
         * A surge in the Chicago-New York-Toronto-Montréal corridor: three times as many sites there short, each
         * four times as much, on both sides of the border, so the lanes across it compete for the same donors.
         */
        SURGE,
        /** The surge with the corridor's four crossings closed: Canadian and U.S. needs are reached the long way. */
        CLOSED_CROSSINGS,
        /**
         * The surge with the U.S. products of a third of the equivalence groups recalled at every donor: their
         * shortfalls can only be covered by the Canadian equivalents, which Canadian sites need too.
         */
        RECALL;

        /** The scenario of a lower-case name with dashes ({@code closed-crossings}). */
        public static Scenario of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        boolean surge() {
            return this == SURGE || this == CLOSED_CROSSINGS || this == RECALL;
        }
    }

    private NationalInstance() {
    }

    /**
     * A problem with {@code siteCount} sites (about 85% U.S.) and {@code productCount} products, ample supply.
     */
    public static TransferProblem generate(long seed, int siteCount, int productCount, LocalDate today) {
        return generate(seed, siteCount, productCount, today, Scenario.AMPLE);
    }

    /** A problem of the given scenario: the same sites, products and lanes as the ample one of the same seed. */
    public static TransferProblem generate(long seed, int siteCount, int productCount, LocalDate today,
            Scenario scenario) {
        Random random = new Random(seed);
        List<TransferSite> sites = new ArrayList<>();
        List<double[]> positions = new ArrayList<>();
        int totalWeight = PLACES.stream().mapToInt(Place::sites).sum();
        long siteId = 1;
        for (Place place : PLACES) {
            int count = Math.max(1, (int) Math.round((double) place.sites() * siteCount / totalWeight));
            for (int i = 0; i < count && sites.size() < siteCount; i++) {
                boolean federal = i == 0 || ("US".equals(place.jurisdiction()) && random.nextDouble() < 0.03);
                String code = place.jurisdiction() + "-" + place.code() + "-" + String.format("%03d", i + 1);
                sites.add(new TransferSite(siteId++, code, place.jurisdiction(), federal, place.code()));
                positions.add(new double[] {place.lat() + random.nextGaussian() * 1.5,
                        place.lon() + random.nextGaussian() * 2.0});
            }
        }
        while (sites.size() < siteCount) {
            Place place = PLACES.get(4);
            sites.add(new TransferSite(siteId++, place.jurisdiction() + "-" + place.code() + "-X" + sites.size(),
                    place.jurisdiction(), false, place.code()));
            positions.add(new double[] {place.lat() + random.nextGaussian(), place.lon() + random.nextGaussian()});
        }

        List<TransferProduct> products = new ArrayList<>();
        List<ProductAuthorisation> authorisations = new ArrayList<>();
        int pairs = (int) Math.round(productCount * 0.35);
        long productId = 1;
        long group = 1;
        for (int i = 0; i < pairs && products.size() + 2 <= productCount; i++, group++) {
            int pack = PACKS[random.nextInt(PACKS.length)];
            int caPack = random.nextDouble() < 0.3 ? PACKS[random.nextInt(PACKS.length)] : pack;
            products.add(new TransferProduct(productId++, String.format("NDC-%04d", i + 1), group, pack, "US"));
            products.add(new TransferProduct(productId++, String.format("DIN-%04d", i + 1), group, caPack, "CA"));
        }
        for (int i = 0; products.size() < productCount; i++) {
            String market = i % 2 == 0 ? "US" : "CA";
            String code = ("US".equals(market) ? "NDC-" : "DIN-") + String.format("%04d", 5000 + i);
            products.add(new TransferProduct(productId++, code, null, PACKS[random.nextInt(PACKS.length)], market));
        }
        for (TransferProduct p : products) {
            authorisations.add(new ProductAuthorisation(p.productId(), p.marketJurisdiction(), "MARKETED", null, null));
            if (random.nextDouble() < 0.25) {
                boolean intoUs = "CA".equals(p.marketJurisdiction());
                LocalDate to = today.plusDays(random.nextInt(130) - 10);
                authorisations.add(new ProductAuthorisation(p.productId(), intoUs ? "US" : "CA",
                        intoUs ? "TEMPORARY_IMPORTATION" : "EXCEPTIONAL_IMPORTATION", today.minusDays(60), to));
            }
        }

        Set<Long> recalled = new HashSet<>();
        if (scenario == Scenario.RECALL) {
            products.stream().filter(p -> "US".equals(p.marketJurisdiction()) && p.equivalenceGroupId() != null
                    && p.equivalenceGroupId() % 3 == 0).forEach(p -> recalled.add(p.productId()));
        }
        List<Shortfall> shortfalls = new ArrayList<>();
        List<DonorStock> donors = new ArrayList<>();
        long lotId = 1;
        for (TransferSite site : sites) {
            for (TransferProduct p : products) {
                boolean home = site.jurisdiction().equals(p.marketJurisdiction());
                double holds = site.federal() ? 0.7 : home ? 0.3 : 0.03;
                if (random.nextDouble() >= holds) {
                    continue;
                }
                double role = random.nextDouble();
                int pack = p.packSize();
                boolean surging = scenario.surge() && SURGE_REGIONS.contains(site.region()) && !site.federal();
                if (role < (surging ? 0.21 : 0.07)) {
                    long quantity = (long) pack * (3 + random.nextInt(120)) + random.nextInt(pack);
                    quantity *= scenario == Scenario.SCARCE ? 3 : surging ? 4 : 1;
                    double daily = quantity / (7.0 + random.nextInt(35));
                    double criticality = 1 + (random.nextDouble() < 0.3 ? 1 : 0) + (random.nextDouble() < 0.1 ? 1 : 0);
                    shortfalls.add(new Shortfall(site.siteId(), p.productId(), p.equivalenceGroupId(), quantity, daily,
                            today.plusDays(3 + random.nextInt(26)), criticality));
                } else if (role < 0.30) {
                    double daily = pack * (0.2 + random.nextDouble() * 3);
                    long safety = Math.round(daily * 14);
                    long reserve = Math.round(daily * (site.federal() ? 30 : 7));
                    long lead = Math.round(daily * (7 + random.nextInt(15)));
                    long keep = Math.max(safety, Math.max(reserve, lead));
                    long extra = Math.round(daily * random.nextInt(90));
                    long total = keep + (scenario == Scenario.SCARCE ? extra / 4 : extra);
                    int lotCount = 1 + random.nextInt(4);
                    List<DonorLot> lots = new ArrayList<>();
                    for (int l = 0; l < lotCount; l++) {
                        long onHand = l == lotCount - 1 ? Math.max(0, total) : Math.round(total * random.nextDouble() * 0.6);
                        total -= onHand;
                        LocalDate labelled = today.plusDays(20 + random.nextInt(880));
                        LocalDate extended = null;
                        String status = "RELEASED";
                        double r = random.nextDouble();
                        if ("US".equals(site.jurisdiction()) && site.federal() && r < 0.3) {
                            labelled = random.nextDouble() < 0.3 ? today.minusDays(1 + random.nextInt(200)) : labelled;
                            extended = labelled.plusDays(365 + random.nextInt(365));
                        } else if (r < 0.33) {
                            status = "QUARANTINED";
                        } else if (r < 0.35) {
                            status = "RECALLED";
                        } else if (r < 0.37) {
                            status = "EXPIRED";
                            labelled = today.minusDays(1 + random.nextInt(90));
                        }
                        if (recalled.contains(p.productId())) {
                            status = "RECALLED";
                        }
                        lots.add(new DonorLot(lotId, "L" + lotId, onHand, labelled, extended, status));
                        lotId++;
                    }
                    donors.add(new DonorStock(site.siteId(), p.productId(), p.equivalenceGroupId(), pack, safety,
                            reserve, lead, lots));
                }
            }
        }
        Lanes lanes = new GreatCircleLanes(sites, positions,
                scenario == Scenario.CLOSED_CROSSINGS ? CORRIDOR_CROSSINGS : Set.of());
        return new TransferProblem(today, sites, products, authorisations, shortfalls, donors, lanes);
    }

    /** Transit by road distance (700 km a day, at least one day), a day's delay at the border, none to the territories from the U.S. */
    private static final class GreatCircleLanes implements Lanes {

        private final double[][] positions;
        private final long firstId;
        private final Set<String> closed;

        GreatCircleLanes(List<TransferSite> sites, List<double[]> positions, Set<String> closed) {
            this.positions = positions.toArray(new double[0][]);
            this.firstId = sites.get(0).siteId();
            this.closed = closed;
        }

        @Override
        public Optional<Route> between(TransferSite from, TransferSite to) {
            double[] a = positions[(int) (from.siteId() - firstId)];
            double[] b = positions[(int) (to.siteId() - firstId)];
            if (from.jurisdiction().equals(to.jurisdiction())) {
                double km = km(a[0], a[1], b[0], b[1]) * 1.25;
                return Optional.of(new Route(days(km), cost(km), List.of()));
            }
            if (isTerritory(from) || isTerritory(to)) {
                return Optional.empty();
            }
            Crossing best = null;
            double bestKm = Double.MAX_VALUE;
            for (Crossing c : CROSSINGS) {
                if (closed.contains(c.name())) {
                    continue;
                }
                double km = km(a[0], a[1], c.lat(), c.lon()) + km(c.lat(), c.lon(), b[0], b[1]);
                if (km < bestKm) {
                    bestKm = km;
                    best = c;
                }
            }
            if (best == null) {
                return Optional.empty();
            }
            double road = bestKm * 1.25;
            return Optional.of(new Route(days(road) + 1, cost(road) + 0.25, List.of(best.name())));
        }

        private static boolean isTerritory(TransferSite site) {
            return "YT".equals(site.region()) || "NT".equals(site.region()) || "NU".equals(site.region());
        }

        private static int days(double km) {
            return Math.max(1, (int) Math.ceil(km / 700));
        }

        private static double cost(double km) {
            return Math.round((0.05 + km * 0.0004) * 100) / 100.0;
        }

        private static double km(double lat1, double lon1, double lat2, double lon2) {
            double p1 = Math.toRadians(lat1);
            double p2 = Math.toRadians(lat2);
            double dp = p2 - p1;
            double dl = Math.toRadians(lon2 - lon1);
            double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
            return 6371 * 2 * Math.asin(Math.min(1, Math.sqrt(h)));
        }
    }
}
