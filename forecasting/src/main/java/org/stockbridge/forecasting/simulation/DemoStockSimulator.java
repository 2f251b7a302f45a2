package org.stockbridge.forecasting.simulation;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
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
import org.stockbridge.forecasting.driver.DemandDriver;

/**
 * Generates the synthetic demo stock of one (site, product), deterministically from a seed: daily demand with a weekly
 * pattern, the winter respiratory season, a slow trend, regional surges and (for PPE in the U.S.) the hospital census
 * as a driver, drawn as over-dispersed counts; a min/max replenishment policy whose orders arrive after a lead time as
 * new lots (some short-dated), late and short while a product's supply is disrupted; issues first-expiry-first-out (the ledger's own
 * {@link FefoAllocator}), expiry write-offs, occasional damage, and quarterly physical counts.
 *
 * <p>Surges are drawn per (region, product kind) and supply disruptions per product, so the sites of one region surge
 * together and one product runs short everywhere at once, as they do. The same seed and specs give the same lines.
 */
public final class DemoStockSimulator {

    private static final DateTimeFormatter LOT_DATE = DateTimeFormatter.ofPattern("yyMMdd");
    private static final int COUNT_EVERY_DAYS = 91;

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

    public SimulatedSeries simulate(SeriesSpec spec) {
        Objects.requireNonNull(spec, "spec must not be null");
        SplittableRandom random = random("series", spec.site(), spec.product());
        DemandModel model = DemandModel.draw(spec, random, regionSurges(spec));
        Supply supply = Supply.draw(spec, random("supply", spec.product()), days);
        return new Run(spec, model, supply, random).simulate();
    }

    /** The daily demand alone, without the stock that serves it. */
    public long[] demand(SeriesSpec spec) {
        return simulate(spec).demand();
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
            double pressure = elasticity == 0 ? 1.0 : Math.pow(driver.factor(spec.region(), date), elasticity);
            double surge = 1.0;
            for (Surge s : surges) {
                surge *= s.factor(day);
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

    /** One pass over the days of one series. */
    private final class Run {

        private final SeriesSpec spec;
        private final DemandModel model;
        private final Supply supply;
        private final SplittableRandom random;
        private final List<SimulatedSeries.Lot> lots = new ArrayList<>();
        private final List<Long> onHand = new ArrayList<>();
        private final List<SimulatedSeries.Line> lines = new ArrayList<>();
        private final List<Order> orders = new ArrayList<>();
        private final long[] demand = new long[days];
        private final long[] issued = new long[days];
        private int disruptedOrders;

        Run(SeriesSpec spec, DemandModel model, Supply supply, SplittableRandom random) {
            this.spec = spec;
            this.model = model;
            this.supply = supply;
            this.random = random;
        }

        SimulatedSeries simulate() {
            double typical = model.level();
            SimulatedSeries.Policy policy = policy(typical);
            openingStock(policy);
            for (int day = 0; day < days; day++) {
                LocalDate date = start.plusDays(day);
                receive(day, date);
                writeOffExpired(day, date);
                if (spec.depot() && day > 0 && day % COUNT_EVERY_DAYS == 0) {
                    count(day);
                }
                if (spec.depot() && random.nextDouble() < 0.004) {
                    damage(day);
                }
                demand[day] = model.draw(model.mean(spec, date, day, driver), random);
                issued[day] = issue(day, date, demand[day]);
                reorder(day, date, policy, typical);
            }
            return new SimulatedSeries(spec, start, demand, issued, List.copyOf(lots), List.copyOf(lines), policy,
                    new SimulatedSeries.Profile(model.level(), model.seasonalAmplitude(), model.elasticity(),
                            supply.leadTimeDays(), model.surges().size(), disruptedOrders));
        }

        private SimulatedSeries.Policy policy(double typical) {
            long safety = packs(14 * typical);
            long reorder = Math.max(safety, packs((supply.leadTimeDays() + 14) * typical));
            long max = reorder + packs(75 * typical);
            boolean federalReserve = spec.context().federal()
                    && (spec.siteKind() == SiteKind.NATIONAL || spec.siteKind() == SiteKind.REGIONAL);
            long floor = federalReserve ? packs(21 * typical) : 0;
            return new SimulatedSeries.Policy(safety, reorder, max, floor);
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
            lots.add(new SimulatedSeries.Lot(number, expiry, extended));
            onHand.add(quantity);
            lines.add(new SimulatedSeries.Line(day, MovementType.RECEIPT,
                    spec.depot() ? ReasonCode.PURCHASE : ReasonCode.ALLOCATION, lots.size() - 1, quantity, null));
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

        private long issue(int day, LocalDate date, long wanted) {
            if (wanted <= 0) {
                return 0;
            }
            List<LotStock> stock = new ArrayList<>();
            for (int i = 0; i < lots.size(); i++) {
                SimulatedSeries.Lot lot = lots.get(i);
                stock.add(new LotStock(i, lot.number(), lot.labelledExpiry(), lot.extendedExpiry(), LotStatus.RELEASED,
                        onHand.get(i)));
            }
            FefoAllocator.Allocation probe = FefoAllocator.allocate(stock, spec.context(), date, wanted);
            long quantity = probe.covered() ? wanted : probe.issuable();
            if (quantity == 0) {
                return 0;
            }
            FefoAllocator.Allocation allocation = FefoAllocator.allocate(stock, spec.context(), date, quantity);
            ReasonCode reason = spec.depot() ? ReasonCode.DEPLOYMENT : ReasonCode.DISPENSED;
            for (FefoAllocator.Allocation.Line line : allocation.lines()) {
                int lot = (int) line.lot().lotId();
                lines.add(new SimulatedSeries.Line(day, MovementType.ISSUE, reason, lot, -line.quantity(), null));
                onHand.set(lot, onHand.get(lot) - line.quantity());
            }
            return quantity;
        }

        private void reorder(int day, LocalDate date, SimulatedSeries.Policy policy, double typical) {
            long usable = 0;
            for (int i = 0; i < lots.size(); i++) {
                if (!date.isAfter(effectiveExpiry(i).minusDays(30))) {
                    usable += onHand.get(i);
                }
            }
            long onOrder = orders.stream().mapToLong(Order::quantity).sum();
            long position = usable + onOrder;
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
