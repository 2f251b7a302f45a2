package org.stockbridge.forecasting.transfer;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A transfer problem with every rule applied: what each donor may give, which (lot, shortfall) pairs may carry stock and
 * how many packs at most, and for every pair the rules refused, why. The solvers only choose quantities on the pairs
 * this model allows, so no solver can break a rule.
 */
final class TransferModel {

    /** Weight per unit covered is criticality times this, rounded: criticality is kept to three decimals. */
    static final long CRITICALITY_SCALE = 1000;
    /** Cost per unit is kept to a hundredth of a cent. */
    static final long COST_SCALE = 10_000;

    static final Set<String> IMPORT_BASES = Set.of("MARKETED", "EXCEPTIONAL_IMPORTATION", "TEMPORARY_IMPORTATION", "EUA");

    /** A shortfall with its site and objective weight per unit. */
    record Need(int index, Shortfall shortfall, TransferSite site, String groupKey, long weight) {
    }

    /**
     * A donor (site, product) with its usable stock, what of it open transfers have already promised, and its surplus
     * above what it must keep once those are shipped.
     */
    record Donor(int index, DonorStock stock, TransferSite site, String groupKey, long usable, long promised,
                 long surplus) {
        int packSize() {
            return stock.packSize();
        }
    }

    /** A lot a donor may ship (released, in date at the donor), with its expiry there. */
    record Lot(int index, int donor, DonorLot lot, LocalDate expiryAtDonor, long daysToExpiry) {
    }

    /**
     * A (lot, shortfall) pair the rules allow, carrying at most {@code maxPacks} packs.
     *
     * @param shelfCapUnits units the destination can use between arrival and the lot's usable expiry there
     */
    record Arc(int index, int lot, int donor, int need, Route route, LocalDate arrival, LocalDate expiryAtDestination,
               long shelfCapUnits, int packSize, long maxPacks) {

        long costPerPackScaled() {
            return Math.round(route.costPerUnit() * COST_SCALE) * packSize;
        }
    }

    /** Why a donor's stock cannot reach a shortfall, by kind; {@link #text} is what a person reads. */
    enum Refusal {
        NOT_AUTHORISED, NO_ROUTE, SLEP_TO_CANADA, SHELF_LIFE, EXPIRES_BEFORE_ARRIVAL, PACK_TOO_LARGE
    }

    final LocalDate today;
    final Map<Long, TransferSite> sites = new HashMap<>();
    final Map<Long, TransferProduct> products = new HashMap<>();
    final Map<Long, List<ProductAuthorisation>> authorisations = new HashMap<>();
    final List<Need> needs = new ArrayList<>();
    final List<Donor> donors = new ArrayList<>();
    final List<Lot> lots = new ArrayList<>();
    final List<Arc> arcs = new ArrayList<>();
    /** Lots a donor could not ship at all, with why (status, expired at the donor). */
    final Map<Integer, List<String>> unusableLots = new HashMap<>();
    /** For each need, the refused (donor, reason) pairs: the text names the donor and the rule. */
    final Map<Integer, Map<Refusal, List<Supplier<String>>>> refusals = new HashMap<>();
    /** For each need, why a donor's lot may not go there (lot index to text), for lots the rules refused. */
    final Map<Integer, Map<Integer, Supplier<String>>> lotRefusals = new HashMap<>();
    /** For each need, the donors of its group (with surplus) that could be considered at all. */
    final Map<Integer, List<Integer>> groupDonors = new HashMap<>();
    final List<List<Integer>> arcsOfNeed = new ArrayList<>();
    final List<List<Integer>> arcsOfLot = new ArrayList<>();
    final List<List<Integer>> arcsOfDonor = new ArrayList<>();
    final List<List<Integer>> lotsOfDonor = new ArrayList<>();

    private TransferModel(LocalDate today) {
        this.today = today;
    }

    static TransferModel of(TransferProblem problem) {
        TransferModel m = new TransferModel(problem.today());
        problem.sites().forEach(s -> m.sites.put(s.siteId(), s));
        problem.products().forEach(p -> m.products.put(p.productId(), p));
        problem.authorisations().forEach(a -> m.authorisations.computeIfAbsent(a.productId(), k -> new ArrayList<>()).add(a));
        for (Shortfall s : problem.shortfalls()) {
            TransferSite site = m.site(s.siteId());
            long weight = Math.max(1, Math.round(s.criticality() * CRITICALITY_SCALE));
            if (s.quantity() > 0) {
                m.needs.add(new Need(m.needs.size(), s, site, m.groupKey(s.productId(), s.equivalenceGroupId()), weight));
            }
        }
        for (DonorStock d : problem.donors()) {
            TransferSite site = m.site(d.siteId());
            int donorIndex = m.donors.size();
            List<Lot> usable = new ArrayList<>();
            long usableUnits = 0;
            long promisedUnits = 0;
            for (DonorLot lot : d.lots()) {
                String why = m.unusable(lot, site);
                if (why != null) {
                    m.unusableLots.computeIfAbsent(donorIndex, k -> new ArrayList<>()).add(why);
                    continue;
                }
                LocalDate expiry = lot.expiryAt(site);
                usable.add(new Lot(-1, donorIndex, lot, expiry, ChronoUnit.DAYS.between(m.today, expiry)));
                usableUnits += lot.onHand();
                promisedUnits += lot.promisedOnHand();
            }
            // what open transfers have promised leaves with them: the donor keeps what it must of the rest
            long surplus = Math.max(0, usableUnits - promisedUnits - d.mustKeep());
            m.donors.add(new Donor(donorIndex, d, site, m.groupKey(d.productId(), d.equivalenceGroupId()), usableUnits,
                    promisedUnits, surplus));
            List<Integer> own = new ArrayList<>();
            usable.sort(Comparator.comparing(Lot::expiryAtDonor).thenComparing(l -> l.lot().lotNumber()));
            for (Lot l : usable) {
                Lot indexed = new Lot(m.lots.size(), donorIndex, l.lot(), l.expiryAtDonor(), l.daysToExpiry());
                own.add(indexed.index());
                m.lots.add(indexed);
                m.arcsOfLot.add(new ArrayList<>());
            }
            m.lotsOfDonor.add(own);
            m.arcsOfDonor.add(new ArrayList<>());
        }
        for (int i = 0; i < m.needs.size(); i++) {
            m.arcsOfNeed.add(new ArrayList<>());
        }
        m.buildArcs(problem.lanes());
        return m;
    }

    private TransferSite site(long siteId) {
        TransferSite site = sites.get(siteId);
        if (site == null) {
            throw new IllegalArgumentException("site " + siteId + " is not among the problem's sites");
        }
        return site;
    }

    /** Products move within their equivalence group; a product with none moves only as itself. */
    String groupKey(long productId, Long groupId) {
        TransferProduct product = products.get(productId);
        Long group = product != null && product.equivalenceGroupId() != null ? product.equivalenceGroupId() : groupId;
        return group != null ? "G" + group : "P" + productId;
    }

    String productCode(long productId) {
        TransferProduct product = products.get(productId);
        return product != null ? product.code() : "product " + productId;
    }

    /** Why a lot can never ship from its donor, or {@code null} when it may. */
    private String unusable(DonorLot lot, TransferSite donorSite) {
        if (!lot.released()) {
            return "lot " + lot.lotNumber() + " is " + lot.status().toLowerCase(Locale.ROOT);
        }
        if (lot.onHand() <= 0) {
            return "lot " + lot.lotNumber() + " has nothing on hand";
        }
        if (lot.available() <= 0) {
            return "lot " + lot.lotNumber() + " is all promised in open transfers";
        }
        if (lot.expiredOn(donorSite, today)) {
            return "lot " + lot.lotNumber() + " expired on " + lot.expiryAt(donorSite);
        }
        return null;
    }

    /** Whether {@code jurisdiction} authorises the product on {@code day}: marketed there, or an import basis valid then. */
    boolean authorised(long productId, String jurisdiction, LocalDate day) {
        TransferProduct product = products.get(productId);
        if (product != null && jurisdiction.equals(product.marketJurisdiction())) {
            return true;
        }
        for (ProductAuthorisation a : authorisations.getOrDefault(productId, List.of())) {
            if (IMPORT_BASES.contains(a.basis().toUpperCase(Locale.ROOT)) && a.validIn(jurisdiction, day)) {
                return true;
            }
        }
        return false;
    }

    private void buildArcs(Lanes lanes) {
        Map<String, List<Need>> needsByGroup = new LinkedHashMap<>();
        needs.forEach(n -> needsByGroup.computeIfAbsent(n.groupKey(), k -> new ArrayList<>()).add(n));
        Map<String, List<Donor>> donorsByGroup = new LinkedHashMap<>();
        donors.forEach(d -> donorsByGroup.computeIfAbsent(d.groupKey(), k -> new ArrayList<>()).add(d));
        Map<Long, Map<Long, Optional<Route>>> routes = new HashMap<>();
        for (Map.Entry<String, List<Need>> group : needsByGroup.entrySet()) {
            List<Donor> candidates = donorsByGroup.getOrDefault(group.getKey(), List.of());
            for (Need need : group.getValue()) {
                List<Integer> considered = new ArrayList<>();
                groupDonors.put(need.index(), considered);
                for (Donor donor : candidates) {
                    if (donor.site().siteId() == need.site().siteId() || donor.surplus() <= 0
                            || lotsOfDonor.get(donor.index()).isEmpty()) {
                        continue;
                    }
                    considered.add(donor.index());
                    Optional<Route> route = routes.computeIfAbsent(donor.site().siteId(), k -> new HashMap<>())
                            .computeIfAbsent(need.site().siteId(), k -> lanes.between(donor.site(), need.site()));
                    if (route == null || route.isEmpty()) {
                        refuse(need, Refusal.NO_ROUTE, () -> "no open route from " + donor.site().code() + " to "
                                + need.site().code());
                        continue;
                    }
                    connect(need, donor, route.get());
                }
            }
        }
    }

    private void connect(Need need, Donor donor, Route route) {
        Shortfall s = need.shortfall();
        LocalDate arrival = today.plusDays(route.transitDays());
        String destination = need.site().jurisdiction();
        long productId = donor.stock().productId();
        if (!authorised(productId, destination, arrival)) {
            refuse(need, Refusal.NOT_AUTHORISED, () -> productCode(productId) + " at " + donor.site().code()
                    + " is not authorised in " + destination + " on " + arrival);
            return;
        }
        int pack = donor.packSize();
        for (int lotIndex : lotsOfDonor.get(donor.index())) {
            Lot lot = lots.get(lotIndex);
            Supplier<String> lotName = () -> "lot " + lot.lot().lotNumber() + " at " + donor.site().code();
            if (lot.lot().extendedExpiry() != null && "CA".equals(destination)) {
                refuse(need, lotIndex, Refusal.SLEP_TO_CANADA, () -> lotName.get() + " carries an extended (SLEP) expiry, and no "
                        + "such lot goes to Canada");
                continue;
            }
            LocalDate expiry = lot.lot().expiryAt(need.site());
            long days = ChronoUnit.DAYS.between(arrival, expiry);
            if (days <= 0) {
                refuse(need, lotIndex, Refusal.EXPIRES_BEFORE_ARRIVAL, () -> lotName.get() + " expires " + expiry
                        + (expiry.equals(lot.expiryAtDonor()) ? "" : " at the destination")
                        + ", not after arrival on " + arrival);
                continue;
            }
            long shelfCap = (long) Math.floor(s.dailyDemand() * days + 1e-9);
            if (shelfCap < pack) {
                refuse(need, lotIndex, Refusal.SHELF_LIFE, () -> lotName.get() + ": " + days + " days of shelf life after arrival at "
                        + fmt(s.dailyDemand()) + " units/day use only " + shelfCap + " units, less than a pack of " + pack);
                continue;
            }
            long units = Math.min(Math.min(shelfCap, lot.lot().available()), Math.min(s.quantity(), donor.surplus()));
            long maxPacks = units / pack;
            if (maxPacks == 0) {
                refuse(need, lotIndex, Refusal.PACK_TOO_LARGE, () -> lotName.get() + ": a pack of " + pack + " is more than the "
                        + units + " units it could give");
                continue;
            }
            Arc arc = new Arc(arcs.size(), lotIndex, donor.index(), need.index(), route, arrival, expiry, shelfCap,
                    pack, maxPacks);
            arcs.add(arc);
            arcsOfNeed.get(need.index()).add(arc.index());
            arcsOfLot.get(lotIndex).add(arc.index());
            arcsOfDonor.get(donor.index()).add(arc.index());
        }
    }

    private void refuse(Need need, int lot, Refusal kind, Supplier<String> text) {
        lotRefusals.computeIfAbsent(need.index(), k -> new HashMap<>()).put(lot, text);
        refuse(need, kind, text);
    }

    private void refuse(Need need, Refusal kind, Supplier<String> text) {
        refusals.computeIfAbsent(need.index(), k -> new LinkedHashMap<>()).computeIfAbsent(kind, k -> new ArrayList<>())
                .add(text);
    }

    /**
     * Independent parts of the problem: needs and donors joined by allowed arcs. Products move only within their
     * equivalence group, so no part spans two groups; each part is solved on its own and the optimum of the whole is
     * the sum of the parts' optima.
     */
    List<List<Integer>> components() {
        int[] parent = new int[needs.size() + donors.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (Arc arc : arcs) {
            union(parent, arc.need(), needs.size() + arc.donor());
        }
        Map<Integer, List<Integer>> byRoot = new LinkedHashMap<>();
        for (Arc arc : arcs) {
            byRoot.computeIfAbsent(find(parent, arc.need()), k -> new ArrayList<>()).add(arc.index());
        }
        return new ArrayList<>(byRoot.values());
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[ra] = rb;
        }
    }

    /** The four objectives of an allocation (packs per arc), first to last: all exact integers. */
    long[] objectives(long[] packs) {
        long covered = 0;
        long unitDays = 0;
        long cost = 0;
        long fefo = 0;
        for (Arc arc : arcs) {
            long x = packs[arc.index()];
            if (x == 0) {
                continue;
            }
            long units = x * arc.packSize();
            covered += units * needs.get(arc.need()).weight();
            unitDays += units * arc.route().transitDays();
            cost += x * arc.costPerPackScaled();
            fefo += units * lots.get(arc.lot()).daysToExpiry();
        }
        return new long[] {covered, unitDays, cost, fefo};
    }

    /** Checks every rule-derived capacity of an allocation; a solver's answer must pass before it is used. */
    void requireFeasible(long[] packs) {
        long[] toNeed = new long[needs.size()];
        long[] fromLot = new long[lots.size()];
        long[] fromDonor = new long[donors.size()];
        for (Arc arc : arcs) {
            long x = packs[arc.index()];
            if (x < 0 || x > arc.maxPacks()) {
                throw new IllegalStateException("allocation on arc " + arc.index() + " is out of bounds: " + x);
            }
            long units = x * arc.packSize();
            toNeed[arc.need()] += units;
            fromLot[arc.lot()] += units;
            fromDonor[arc.donor()] += units;
        }
        for (Need n : needs) {
            if (toNeed[n.index()] > n.shortfall().quantity()) {
                throw new IllegalStateException("allocation sends more than shortfall " + n.index() + " needs");
            }
        }
        for (Lot l : lots) {
            if (fromLot[l.index()] > l.lot().available()) {
                throw new IllegalStateException("allocation takes more than lot " + l.lot().lotNumber() + " holds");
            }
        }
        for (Donor d : donors) {
            if (fromDonor[d.index()] > d.surplus()) {
                throw new IllegalStateException("allocation takes more than donor " + d.index() + "'s surplus");
            }
        }
    }

    static String fmt(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,d", (long) value)
                : String.format(Locale.ROOT, "%,.1f", value);
    }

    static String units(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
