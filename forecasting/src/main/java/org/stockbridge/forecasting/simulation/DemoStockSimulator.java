package org.stockbridge.forecasting.simulation;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.stockbridge.domain.Jurisdiction;
import org.stockbridge.domain.ProductKind;
import org.stockbridge.domain.SiteKind;
import org.stockbridge.domain.ledger.FefoAllocator;
import org.stockbridge.domain.ledger.LotStock;
import org.stockbridge.domain.ledger.LotStatus;
import org.stockbridge.domain.ledger.MovementType;
import org.stockbridge.domain.ledger.ReasonCode;
import org.stockbridge.domain.ledger.SiteContext;
import org.stockbridge.forecasting.driver.DemandDriver;

/**
 * Generates the synthetic demo stock, deterministically from a seed, as a stockpile system: strategic depots (SNS
 * regions, the NESS national and provincial depots) hold months of supply against their stock policies and move it in
 * deployments; dispensing sites consume daily and are resupplied from their depot.
 *
 * <p>Demand has a weekly pattern, the winter respiratory season, a slow trend, regional surges and (for PPE in the
 * U.S.) the hospital census as a driver, drawn as over-dispersed counts. A dispensing site issues what its patients ask
 * for, first-expiry-first-out (the ledger's own {@link FefoAllocator}). A depot accumulates what the sites it serves
 * outside the demo ask for and deploys it in bursts ({@code ISSUE}, reason {@code DEPLOYMENT}); the demo sites it
 * serves (the dispensing sites of its HHS region, the provincial depots of the NESS national depot) order from it by
 * their min/max policy, and it ships them lots it holds: a {@code TRANSFER_OUT} at the depot and, after the transit,
 * the {@code TRANSFER_IN} of the same lot and quantity at the site. A depot's surge and census pressure lag its sites'
 * by {@value #DEPOT_LAG_DAYS} days, so a surge drains the sites first, then their depot. Depots buy from suppliers
 * (orders arrive after a lead time as new lots, some short-dated, late and short while a product's supply is
 * disrupted); sites with no depot in the demo receive allocations. Lots past their expiry are written off, U.S.
 * federal depots' drug lots may carry a SLEP extension (used only where the site context allows it), depots count
 * quarterly and see occasional damage.
 *
 * <p>Surges are drawn per (region, product kind) and supply disruptions per product, so the sites of one region surge
 * together and one product runs short everywhere at once, as they do. The same seed and specs give the same lines.
 */
public final class DemoStockSimulator {

    private static final DateTimeFormatter LOT_DATE = DateTimeFormatter.ofPattern("yyMMdd");
    private static final int COUNT_EVERY_DAYS = 91;
    /** How many days a depot's surge and census pressure lag those of the sites in its region. */
    static final int DEPOT_LAG_DAYS = 10;
    /** A depot's policy in days of its typical outflow: safety stock, then months of supply above it. */
    static final int DEPOT_SAFETY_DAYS = 60;
    static final int DEPOT_REVIEW_DAYS = 30;
    static final int DEPOT_CYCLE_DAYS = 120;
    static final int DEPOT_RESERVE_DAYS = 45;
    /** A depot ships a site only lots with at least this many days of shelf life left there. */
    static final int MIN_SHELF_LIFE_SHIPPED_DAYS = 60;

    private final long seed;
    private final LocalDate start;
    private final int days;
    private final DemandDriver driver;

    /**
     * @param start  the first simulated day
     * @param days   how many days to simulate
     * @param driver scales PPE demand in U.S. regions (the hospital census); {@link DemandDriver#NONE} for none
     */
    public DemoStockSimulator(long seed, LocalDate start, int days, DemandDriver driver) {
        this.seed = seed;
        this.start = Objects.requireNonNull(start, "start must not be null");
        this.driver = Objects.requireNonNull(driver, "driver must not be null");
        if (days < 28 || days > 3660) {
            throw new IllegalArgumentException("days must be between 28 and 3660, was " + days);
        }
        this.days = days;
    }

    public LocalDate start() {
        return start;
    }

    public int days() {
        return days;
    }

    /** One (site, product) alone: no depot resupplies it and it resupplies no site. */
    public SimulatedSeries simulate(SeriesSpec spec) {
        Objects.requireNonNull(spec, "spec must not be null");
        return simulateAll(List.of(spec)).get(0);
    }

    /**
     * Every (site, product) of a stockpile system, in the order given: each dispensing site is resupplied by the
     * REGIONAL depot of its region that holds the product, each PROVINCIAL depot by the NATIONAL depot of its country
     * that holds it; the others buy or receive allocations.
     */
    public List<SimulatedSeries> simulateAll(List<SeriesSpec> specs) {
        Stepper system = new Stepper(specs, true);
        while (system.hasNextDay()) {
            system.advance();
        }
        List<SimulatedSeries> out = new ArrayList<>(specs.size());
        for (Run run : system.runs) {
            out.add(run.result());
        }
        return List.copyOf(out);
    }

    /**
     * The same system as {@link #simulateAll}, simulated one day at a time so that a caller can take each day's lines
     * and let them go: memory holds the series' state (their lots, orders and transits), not their history. The lines
     * {@link Stepper#drain drained} day after day are exactly, and in the same order, those {@code simulateAll} gives;
     * the daily demand and issue series are not kept.
     */
    public Stepper stepper(List<SeriesSpec> specs) {
        return new Stepper(specs, false);
    }

    /** A stockpile system being simulated day by day; see {@link #stepper}. Not thread-safe. */
    public final class Stepper {

        private final List<Run> runs;
        private final List<ProductSystem> products = new ArrayList<>();
        private int day;

        private Stepper(List<SeriesSpec> specs, boolean keepDaily) {
            Objects.requireNonNull(specs, "specs must not be null");
            Map<String, List<Integer>> byProduct = new LinkedHashMap<>();
            for (int i = 0; i < specs.size(); i++) {
                byProduct.computeIfAbsent(specs.get(i).product(), p -> new ArrayList<>()).add(i);
            }
            Run[] all = new Run[specs.size()];
            for (List<Integer> members : byProduct.values()) {
                ProductSystem system = new ProductSystem(members.stream().map(specs::get).toList(), keepDaily);
                for (int k = 0; k < members.size(); k++) {
                    all[members.get(k)] = system.runs.get(k);
                }
                products.add(system);
            }
            this.runs = List.of(all);
        }

        /** How many series, in the order of the specs. */
        public int size() {
            return runs.size();
        }

        /** The next day {@link #advance} simulates, 0 before the first. */
        public int day() {
            return day;
        }

        public boolean hasNextDay() {
            return day < days;
        }

        /** Simulates the next day of every series. */
        public void advance() {
            if (!hasNextDay()) {
                throw new IllegalStateException("all " + days + " days are simulated");
            }
            LocalDate date = start.plusDays(day);
            for (ProductSystem system : products) {
                system.day(day, date);
            }
            day++;
        }

        /** The policy series {@code series} is replenished by (known before the first day). */
        public SimulatedSeries.Policy policy(int series) {
            return runs.get(series).policy;
        }

        /** The lots series {@code series} has held so far; a line's lot is an index into it; only ever grows. */
        public List<SimulatedSeries.Lot> lots(int series) {
            return java.util.Collections.unmodifiableList(runs.get(series).lots);
        }

        /** The lines of series {@code series} since the last drain (the opening receipts in the first), in order. */
        public List<SimulatedSeries.Line> drain(int series) {
            List<SimulatedSeries.Line> lines = runs.get(series).lines;
            List<SimulatedSeries.Line> out = List.copyOf(lines);
            lines.clear();
            return out;
        }
    }

    /** The series of one product: they resupply each other and nothing else. */
    private final class ProductSystem {

        private final List<Run> runs;
        private final int[] transfers = {0};

        ProductSystem(List<SeriesSpec> group, boolean keepDaily) {
            runs = new ArrayList<>(group.size());
            for (SeriesSpec spec : group) {
                SplittableRandom random = random("series", spec.site(), spec.product());
                DemandModel model = DemandModel.draw(spec, random, regionSurges(spec));
                Supply supply = Supply.draw(spec, random("supply", spec.product()), days);
                runs.add(new Run(spec, model, supply, random, keepDaily));
            }
            for (int i = 0; i < group.size(); i++) {
                int supplier = supplierOf(group.get(i), group);
                if (supplier >= 0) {
                    runs.get(i).supplier = runs.get(supplier);
                    runs.get(supplier).served.add(runs.get(i));
                }
            }
            for (Run run : runs) {
                run.open();
            }
        }

        void day(int day, LocalDate date) {
            for (Run run : runs) {
                run.startDay(day, date);
            }
            for (Run run : runs) {
                run.consume(day, date);
            }
            for (Run run : runs) {
                if (run.supplier != null) {
                    run.request(date);
                }
            }
            for (Run run : runs) {
                if (!run.served.isEmpty()) {
                    run.ship(day, date, transfers);
                }
            }
            for (Run run : runs) {
                if (run.supplier == null) {
                    run.reorder(day, date);
                }
            }
        }
    }

    /** The daily demand alone, without the stock that serves it. */
    public long[] demand(SeriesSpec spec) {
        return simulate(spec).demand();
    }

    /** The depot of the group that resupplies {@code spec}, or -1. */
    static int supplierOf(SeriesSpec spec, List<SeriesSpec> group) {
        SiteKind wanted = switch (spec.siteKind()) {
            case DISPENSING, HOSPITAL -> SiteKind.REGIONAL;
            case PROVINCIAL -> SiteKind.NATIONAL;
            default -> null;
        };
        if (wanted == null) {
            return -1;
        }
        for (int i = 0; i < group.size(); i++) {
            SeriesSpec candidate = group.get(i);
            boolean sameArea = wanted == SiteKind.NATIONAL || candidate.region().equals(spec.region());
            if (candidate.siteKind() == wanted && sameArea
                    && candidate.context().jurisdiction() == spec.context().jurisdiction()
                    && !candidate.site().equals(spec.site())) {
                return i;
            }
        }
        return -1;
    }

    private List<Surge> regionSurges(SeriesSpec spec) {
        SplittableRandom random = random("surge", spec.region(), spec.productKind().name());
        List<Surge> surges = new ArrayList<>();
        double perDay = 0.9 / 365.0;
        int count = poisson(random, perDay * days);
        for (int i = 0; i < count; i++) {
            int begin = random.nextInt(days);
            int length = 14 + random.nextInt(36);
            double peak = 1.6 + 1.4 * random.nextDouble();
            surges.add(new Surge(begin, length, peak));
        }
        return surges;
    }

    private SplittableRandom random(String... parts) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (String part : parts) {
            for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                h ^= b;
                h *= 0x100000001b3L;
            }
            h ^= 0x1f;
            h *= 0x100000001b3L;
        }
        return new SplittableRandom(h);
    }

    private record Surge(int begin, int length, double peak) {

        double factor(int day) {
            if (day < begin || day >= begin + length) {
                return 1.0;
            }
            double x = (day - begin + 0.5) / length;
            double shape = x < 0.35 ? x / 0.35 : (1 - x) / 0.65;
            return 1.0 + (peak - 1.0) * shape;
        }
    }

    /** How much is asked for each day. */
    private record DemandModel(double level, double[] weekly, double seasonalAmplitude, int seasonPeakDayOfYear,
                               double trendPerYear, double elasticity, double dispersion, List<Surge> surges) {

        static DemandModel draw(SeriesSpec spec, SplittableRandom random, List<Surge> surges) {
            double kindBase = switch (spec.productKind()) {
                case PPE -> 800;
                case DRUG -> 80;
                case DEVICE -> 20;
            };
            double siteScale = switch (spec.siteKind()) {
                case NATIONAL -> 2.5;
                case REGIONAL -> 1.0;
                case STATE -> 0.5;
                case PROVINCIAL -> 0.4;
                case HOSPITAL -> 0.1;
                case DISPENSING -> 0.012;
            };
            double level = kindBase * siteScale * Math.exp(0.6 * random.nextGaussian() - 0.18);
            double[] weekly = spec.depot()
                    ? new double[] {1.18, 1.12, 1.10, 1.12, 1.15, 0.78, 0.55}
                    : new double[] {1.10, 1.05, 1.05, 1.05, 1.15, 0.90, 0.70};
            double amplitude = spec.respiratory() ? 0.25 + 0.2 * random.nextDouble() : 0.04 + 0.08 * random.nextDouble();
            int peak = spec.respiratory() ? 10 + (int) Math.round(20 * random.nextGaussian()) : random.nextInt(365);
            double trend = 0.10 * (2 * random.nextDouble() - 1);
            boolean driven = spec.context().jurisdiction() == Jurisdiction.US;
            double elasticity = !driven ? 0.0
                    : spec.productKind() == ProductKind.PPE ? 0.6 + 0.4 * random.nextDouble()
                    : spec.respiratory() ? 0.2 + 0.2 * random.nextDouble() : 0.0;
            double dispersion = spec.depot() ? 6 + 6 * random.nextDouble() : 1.5 + random.nextDouble();
            return new DemandModel(level, weekly, amplitude, peak, trend, elasticity, dispersion, surges);
        }

        double mean(SeriesSpec spec, LocalDate date, int day, DemandDriver driver) {
            double weekday = weekly[date.getDayOfWeek().getValue() - 1];
            double phase = 2 * Math.PI * (date.getDayOfYear() - seasonPeakDayOfYear) / 365.25;
            double season = 1 + seasonalAmplitude * Math.cos(phase);
            double trend = 1 + trendPerYear * day / 365.0;
            // A depot feels a surge and the census after the sites it serves.
            int lag = spec.depot() ? DEPOT_LAG_DAYS : 0;
            double pressure = elasticity == 0 ? 1.0
                    : Math.pow(driver.factor(spec.region(), date.minusDays(lag)), elasticity);
            double surge = 1.0;
            for (Surge s : surges) {
                surge *= s.factor(day - lag);
            }
            return level * weekday * season * trend * pressure * surge;
        }

        long draw(double mean, SplittableRandom random) {
            double gamma = gamma(random, dispersion) / dispersion;
            return poisson(random, mean * gamma);
        }
    }

    /** When and how well a product is resupplied. */
    private record Supply(int leadTimeDays, int disruptionBegin, int disruptionEnd, double disruptedFill,
                          int shelfLifeDays) {

        static Supply draw(SeriesSpec spec, SplittableRandom productRandom, int days) {
            int lead = switch (spec.productKind()) {
                case PPE -> 21;
                case DRUG -> 14;
                case DEVICE -> 28;
            };
            int shelfLife = spec.productKind() == ProductKind.PPE ? 1825 : 730 + productRandom.nextInt(366);
            int begin = Integer.MAX_VALUE;
            int end = Integer.MAX_VALUE;
            double fill = 1.0;
            if (productRandom.nextDouble() < (spec.productKind() == ProductKind.DRUG ? 0.45 : 0.2)) {
                begin = productRandom.nextInt(days + 60);
                end = begin + 45 + productRandom.nextInt(136);
                fill = 0.3 + 0.4 * productRandom.nextDouble();
            }
            return new Supply(spec.depot() ? lead : 7, begin, end, fill, shelfLife);
        }

        boolean disrupted(int day) {
            return day >= disruptionBegin && day < disruptionEnd;
        }
    }

    private record Order(int arrival, long quantity) {
    }

    /** Stock on its way from a depot to a site it serves. */
    private record Transit(int arrival, SimulatedSeries.Lot lot, long quantity, String reference) {
    }

    /** One pass over the days of one series, in step with the other series of its product. */
    private final class Run {

        private final SeriesSpec spec;
        private final DemandModel model;
        private final Supply supply;
        private final SplittableRandom random;
        private final List<SimulatedSeries.Lot> lots = new ArrayList<>();
        private final Map<String, Integer> lotIndex = new HashMap<>();
        private final List<Long> onHand = new ArrayList<>();
        private final List<SimulatedSeries.Line> lines = new ArrayList<>();
        private final List<Order> orders = new ArrayList<>();
        private final List<Transit> inTransit = new ArrayList<>();
        private final List<Run> served = new ArrayList<>();
        private final List<Request> pending = new ArrayList<>();
        /** Per day when the daily series are kept, else one slot reused each day. */
        private final long[] demand;
        private final long[] issued;
        private final boolean keepDaily;
        private Run supplier;
        private long requested;
        private double backlog;
        private SimulatedSeries.Policy policy;
        private int disruptedOrders;

        Run(SeriesSpec spec, DemandModel model, Supply supply, SplittableRandom random, boolean keepDaily) {
            this.keepDaily = keepDaily;
            this.demand = new long[keepDaily ? days : 1];
            this.issued = new long[keepDaily ? days : 1];
            this.spec = spec;
            this.model = model;
            this.supply = supply;
            this.random = random;
        }

        /**
         * What this site's stock serves per day: its own demand and that of the demo sites it resupplies; a depot plans
         * for the height of the respiratory season, when it must not run short.
         */
        private double typicalOutflow() {
            double own = model.level() + served.stream().mapToDouble(r -> r.model.level()).sum();
            return spec.depot() ? own * (1 + model.seasonalAmplitude()) : own;
        }

        void open() {
            policy = policy(typicalOutflow());
            openingStock(policy);
        }

        SimulatedSeries result() {
            return new SimulatedSeries(spec, start, demand, issued, List.copyOf(lots), List.copyOf(lines), policy,
                    new SimulatedSeries.Profile(model.level(), model.seasonalAmplitude(), model.elasticity(),
                            supply.leadTimeDays(), model.surges().size(), disruptedOrders));
        }

        void startDay(int day, LocalDate date) {
            receive(day, date);
            writeOffExpired(day, date);
            if (spec.depot() && day > 0 && day % COUNT_EVERY_DAYS == 0) {
                count(day);
            }
            if (spec.depot() && random.nextDouble() < 0.004) {
                damage(day);
            }
        }

        private int slot(int day) {
            return keepDaily ? day : 0;
        }

        void consume(int day, LocalDate date) {
            if (!keepDaily) {
                demand[0] = 0;
                issued[0] = 0;
            }
            demand[slot(day)] = model.draw(model.mean(spec, date, day, driver), random);
            if (!spec.depot()) {
                issued[slot(day)] += issue(day, date, demand[slot(day)], ReasonCode.DISPENSED);
                return;
            }
            // Deployments to the sites outside the demo: asked for daily, shipped in bursts on working days.
            backlog += demand[slot(day)];
            boolean weekday = date.getDayOfWeek().getValue() <= 5;
            double level = Math.max(1, model.level());
            if (backlog >= 1 && weekday && (random.nextDouble() < 0.3 || backlog > 10 * level)) {
                long shipped = issue(day, date, (long) Math.floor(backlog), ReasonCode.DEPLOYMENT);
                issued[slot(day)] += shipped;
                backlog -= shipped;
            }
            // What the depot could not deploy for a month is met elsewhere.
            backlog = Math.min(backlog, 30 * level);
        }

        private SimulatedSeries.Policy policy(double typical) {
            if (spec.depot()) {
                long safety = packs(DEPOT_SAFETY_DAYS * typical);
                long reorder = packs((DEPOT_SAFETY_DAYS + supply.leadTimeDays() + DEPOT_REVIEW_DAYS) * typical);
                long max = reorder + packs(DEPOT_CYCLE_DAYS * typical);
                boolean federalReserve = spec.context().federal()
                        && (spec.siteKind() == SiteKind.NATIONAL || spec.siteKind() == SiteKind.REGIONAL);
                long floor = federalReserve ? packs(DEPOT_RESERVE_DAYS * typical) : 0;
                return new SimulatedSeries.Policy(safety, reorder, max, floor);
            }
            long safety = packs(14 * typical);
            long reorder = Math.max(safety, packs((supply.leadTimeDays() + 14) * typical));
            long max = reorder + packs(75 * typical);
            return new SimulatedSeries.Policy(safety, reorder, max, 0);
        }

        private void openingStock(SimulatedSeries.Policy policy) {
            long total = Math.max(spec.packSize(), policy.maxStock());
            LocalDate day0 = start;
            long old = packs(total * 0.2);
            long middle = packs(total * 0.4);
            long fresh = Math.max(spec.packSize(), total - old - middle);
            receiveLot(0, day0.plusDays(30 + random.nextInt(170)), old, true);
            receiveLot(0, day0.plusDays(300 + random.nextInt(400)), middle, true);
            receiveLot(0, day0.plusDays(supply.shelfLifeDays() - 30), fresh, false);
        }

        private void receiveLot(int day, LocalDate expiry, long quantity, boolean slepCandidate) {
            if (quantity <= 0) {
                return;
            }
            LocalDate extended = null;
            if (slepCandidate && spec.context().slepApplies() && spec.productKind() == ProductKind.DRUG
                    && random.nextDouble() < 0.5) {
                extended = expiry.plusDays(365 + random.nextInt(366));
            }
            String number = "L" + start.plusDays(day).format(LOT_DATE) + "-" + spec.site() + "-" + (lots.size() + 1);
            int lot = addLot(new SimulatedSeries.Lot(number, expiry, extended));
            onHand.set(lot, quantity);
            lines.add(new SimulatedSeries.Line(day, MovementType.RECEIPT,
                    spec.depot() ? ReasonCode.PURCHASE : ReasonCode.ALLOCATION, lot, quantity, null));
        }

        private int addLot(SimulatedSeries.Lot lot) {
            Integer known = lotIndex.get(lot.number());
            if (known != null) {
                return known;
            }
            lots.add(lot);
            onHand.add(0L);
            lotIndex.put(lot.number(), lots.size() - 1);
            return lots.size() - 1;
        }

        private void receive(int day, LocalDate date) {
            for (int i = 0; i < orders.size(); i++) {
                Order order = orders.get(i);
                if (order.arrival() == day) {
                    // Some deliveries come short-dated (a donation, a redistributed lot): six to eighteen months left.
                    LocalDate expiry = random.nextDouble() < 0.15 ? date.plusDays(180 + random.nextInt(361))
                            : date.plusDays(supply.shelfLifeDays());
                    receiveLot(day, expiry, order.quantity(), false);
                    orders.remove(i--);
                }
            }
            for (int i = 0; i < inTransit.size(); i++) {
                Transit transit = inTransit.get(i);
                if (transit.arrival() == day) {
                    int lot = addLot(transit.lot());
                    onHand.set(lot, onHand.get(lot) + transit.quantity());
                    lines.add(new SimulatedSeries.Line(day, MovementType.TRANSFER_IN, ReasonCode.TRANSFER, lot,
                            transit.quantity(), null, transit.reference()));
                    requested -= transit.quantity();
                    inTransit.remove(i--);
                }
            }
        }

        private void writeOffExpired(int day, LocalDate date) {
            for (int i = 0; i < lots.size(); i++) {
                if (onHand.get(i) > 0 && date.isAfter(effectiveExpiry(i))) {
                    lines.add(new SimulatedSeries.Line(day, MovementType.WRITE_OFF, ReasonCode.EXPIRED, i,
                            -onHand.get(i), null));
                    onHand.set(i, 0L);
                }
            }
        }

        private void count(int day) {
            for (int i = 0; i < lots.size(); i++) {
                long prior = onHand.get(i);
                if (prior == 0) {
                    continue;
                }
                long difference = 0;
                if (random.nextDouble() < 0.25) {
                    long magnitude = Math.max(1, Math.round(prior * (0.001 + 0.006 * random.nextDouble())));
                    difference = random.nextDouble() < 0.7 ? -magnitude : magnitude;
                }
                lines.add(new SimulatedSeries.Line(day, MovementType.COUNT_CORRECTION, ReasonCode.PHYSICAL_COUNT, i,
                        difference, prior));
                onHand.set(i, prior + difference);
            }
        }

        private void damage(int day) {
            int lot = largestLot();
            if (lot < 0) {
                return;
            }
            long quantity = Math.max(1, Math.round(onHand.get(lot) * (0.001 + 0.009 * random.nextDouble())));
            lines.add(new SimulatedSeries.Line(day, MovementType.WRITE_OFF, ReasonCode.DAMAGED, lot, -quantity, null));
            onHand.set(lot, onHand.get(lot) - quantity);
        }

        /**
         * The lots as the allocator sees them; with {@code usableUntil}, lots that would expire at {@code receiver}
         * before that day, or carry a SLEP date the receiver may not use, count as empty, so a depot never ships what
         * its site would have to write off.
         */
        private List<LotStock> stock(SiteContext receiver, LocalDate usableUntil) {
            List<LotStock> stock = new ArrayList<>();
            for (int i = 0; i < lots.size(); i++) {
                SimulatedSeries.Lot lot = lots.get(i);
                LotStock candidate = new LotStock(i, lot.number(), lot.labelledExpiry(), lot.extendedExpiry(),
                        LotStatus.RELEASED, onHand.get(i));
                // A SLEP date is the federal stockpile's to use: such a lot stays where it may be named.
                boolean keeps = usableUntil == null || !candidate.effectiveExpiry(receiver).isBefore(usableUntil)
                        && (lot.extendedExpiry() == null || receiver.slepApplies());
                stock.add(keeps ? candidate : new LotStock(i, lot.number(), lot.labelledExpiry(),
                        lot.extendedExpiry(), LotStatus.RELEASED, 0));
            }
            return stock;
        }

        private long issue(int day, LocalDate date, long wanted, ReasonCode reason) {
            if (wanted <= 0) {
                return 0;
            }
            List<LotStock> stock = stock(spec.context(), null);
            FefoAllocator.Allocation probe = FefoAllocator.allocate(stock, spec.context(), date, wanted);
            long quantity = probe.covered() ? wanted : probe.issuable();
            if (quantity == 0) {
                return 0;
            }
            FefoAllocator.Allocation allocation = FefoAllocator.allocate(stock, spec.context(), date, quantity);
            for (FefoAllocator.Allocation.Line line : allocation.lines()) {
                int lot = (int) line.lot().lotId();
                lines.add(new SimulatedSeries.Line(day, MovementType.ISSUE, reason, lot, -line.quantity(), null));
                onHand.set(lot, onHand.get(lot) - line.quantity());
            }
            return quantity;
        }

        /** A site its depot resupplies asks for what brings it back to its maximum, once at its reorder point. */
        void request(LocalDate date) {
            long position = usable(date) + requested;
            if (position > policy.reorderPoint()) {
                return;
            }
            long quantity = packs(policy.maxStock() - position);
            if (quantity > 0) {
                supplier.pending.add(new Request(this, quantity));
                requested += quantity;
            }
        }

        /** Ships today's requests of the sites this depot serves, in whole packs of lots they can still use. */
        void ship(int day, LocalDate date, int[] transfers) {
            for (Request request : pending) {
                Run site = request.site();
                int transit = Math.max(1, 2 + (int) Math.round(1.5 * site.random.nextGaussian()));
                int arrival = Math.min(days - 1, day + transit);
                if (arrival <= day) {
                    // Nothing ships on the last day: it would arrive after the history ends.
                    site.requested -= request.quantity();
                    continue;
                }
                List<LotStock> stock = stock(site.spec.context(),
                        start.plusDays(arrival).plusDays(MIN_SHELF_LIFE_SHIPPED_DAYS));
                FefoAllocator.Allocation probe = FefoAllocator.allocate(stock, site.spec.context(), date,
                        request.quantity());
                long quantity = Math.min(request.quantity(), (probe.issuable() / spec.packSize()) * spec.packSize());
                long unfilled = request.quantity() - quantity;
                site.requested -= unfilled;
                if (quantity <= 0) {
                    continue;
                }
                FefoAllocator.Allocation allocation = FefoAllocator.allocate(stock, site.spec.context(), date,
                        quantity);
                for (FefoAllocator.Allocation.Line line : allocation.lines()) {
                    int lot = (int) line.lot().lotId();
                    String reference = "DEMO-TR-" + spec.product() + "-" + (++transfers[0]);
                    lines.add(new SimulatedSeries.Line(day, MovementType.TRANSFER_OUT, ReasonCode.TRANSFER, lot,
                            -line.quantity(), null, reference));
                    onHand.set(lot, onHand.get(lot) - line.quantity());
                    site.inTransit.add(new Transit(arrival, lots.get(lot), line.quantity(), reference));
                }
                issued[slot(day)] += quantity;
            }
            pending.clear();
        }

        private long usable(LocalDate date) {
            long usable = 0;
            for (int i = 0; i < lots.size(); i++) {
                if (!date.isAfter(effectiveExpiry(i).minusDays(30))) {
                    usable += onHand.get(i);
                }
            }
            return usable;
        }

        void reorder(int day, LocalDate date) {
            long onOrder = orders.stream().mapToLong(Order::quantity).sum();
            long position = usable(date) + onOrder;
            if (position > policy.reorderPoint()) {
                return;
            }
            long quantity = packs(policy.maxStock() - position);
            int lead = Math.max(1, supply.leadTimeDays() + (int) Math.round(supply.leadTimeDays() * 0.2
                    * random.nextGaussian()));
            if (supply.disrupted(day)) {
                disruptedOrders++;
                lead = lead * 3 + random.nextInt(Math.max(1, supply.leadTimeDays()));
                quantity = packs(quantity * supply.disruptedFill());
            }
            if (quantity > 0) {
                orders.add(new Order(day + lead, quantity));
            }
        }

        private LocalDate effectiveExpiry(int lot) {
            SimulatedSeries.Lot l = lots.get(lot);
            return l.extendedExpiry() != null && spec.context().slepApplies() ? l.extendedExpiry() : l.labelledExpiry();
        }

        private int largestLot() {
            int best = -1;
            for (int i = 0; i < lots.size(); i++) {
                if (onHand.get(i) > 0 && (best < 0 || onHand.get(i) > onHand.get(best))) {
                    best = i;
                }
            }
            return best;
        }

        private long packs(double units) {
            long pack = spec.packSize();
            return Math.max(0, (long) Math.ceil(units / pack)) * pack;
        }
    }

    private record Request(Run site, long quantity) {
    }

    static int poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean < 30) {
            double limit = Math.exp(-mean);
            double product = random.nextDouble();
            int n = 0;
            while (product > limit) {
                product *= random.nextDouble();
                n++;
            }
            return n;
        }
        return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
    }

    /** A Gamma(shape, 1) draw (Marsaglia and Tsang). */
    static double gamma(SplittableRandom random, double shape) {
        if (shape < 1) {
            return gamma(random, shape + 1) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
