package org.stockbridge.forecasting.risk;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.stockbridge.domain.shortage.ReportType;

/**
 * What the risk model learns from: the Drug Shortages Canada reports by filing date, the Drug Product Database and
 * (when present) the openFDA shortage file. The files are read by the batch module, with the ingest's reader.
 */
public final class RiskSources {

    private final List<FiledReport> reports;
    private final Map<String, List<FiledReport>> byIngredient;
    private final MarketedProducts marketed;
    private final FdaShortages fda;
    private final int rejected;
    private final String description;
    private final long[] filedDays;
    private final Map<String, long[]> filedDaysByCompany;
    private final Map<String, long[]> shortageDaysByAtcClass;
    private final Map<String, long[]> shortageDaysByAtcGroup;
    private final Map<String, long[]> shortageDaysByMaker;
    private final Map<String, long[]> discontinuanceDaysByAtcClass;
    private final Map<String, long[]> shortageDaysByIngredient;
    private final Map<String, Set<String>> keysByMoiety;
    /** Computed at the first ask (a key marketed but never reported has siblings too); features run in parallel. */
    private final Map<String, List<long[]>> siblingShortageDays = new ConcurrentHashMap<>();

    public RiskSources(List<FiledReport> reports, int rejected, MarketedProducts marketed, FdaShortages fda,
                       String description) {
        this.reports = List.copyOf(reports);
        this.rejected = rejected;
        this.marketed = Objects.requireNonNull(marketed, "marketed must not be null");
        this.fda = Objects.requireNonNull(fda, "fda must not be null");
        this.description = description;
        this.byIngredient = new HashMap<>();
        Map<String, List<Long>> byCompany = new HashMap<>();
        Map<String, List<Long>> byClass = new HashMap<>();
        Map<String, List<Long>> byGroup = new HashMap<>();
        Map<String, List<Long>> byMaker = new HashMap<>();
        Map<String, List<Long>> discontinuedByClass = new HashMap<>();
        for (FiledReport r : this.reports) {
            byIngredient.computeIfAbsent(r.ingredient(), k -> new ArrayList<>()).add(r);
            long day = r.filed().toEpochDay();
            if (r.company() != null) {
                byCompany.computeIfAbsent(r.company(), k -> new ArrayList<>()).add(day);
            }
            String atcClass = atcClass(r.atc());
            if (atcClass != null && r.type() == ReportType.SHORTAGE) {
                byClass.computeIfAbsent(atcClass, k -> new ArrayList<>()).add(day);
            }
            if (atcClass != null && r.type() == ReportType.DISCONTINUATION) {
                discontinuedByClass.computeIfAbsent(atcClass, k -> new ArrayList<>()).add(day);
            }
            String atcGroup = atcGroup(r.atc());
            if (atcGroup != null && r.type() == ReportType.SHORTAGE) {
                byGroup.computeIfAbsent(atcGroup, k -> new ArrayList<>()).add(day);
            }
            String maker = marketed.companyOfDin(r.din());
            if (maker != null && r.type() == ReportType.SHORTAGE) {
                byMaker.computeIfAbsent(maker, k -> new ArrayList<>()).add(day);
            }
        }
        this.filedDays = sorted(this.reports.stream().map(r -> r.filed().toEpochDay()).toList());
        this.filedDaysByCompany = new HashMap<>();
        byCompany.forEach((k, v) -> filedDaysByCompany.put(k, sorted(v)));
        this.shortageDaysByAtcClass = new HashMap<>();
        byClass.forEach((k, v) -> shortageDaysByAtcClass.put(k, sorted(v)));
        this.shortageDaysByAtcGroup = new HashMap<>();
        byGroup.forEach((k, v) -> shortageDaysByAtcGroup.put(k, sorted(v)));
        this.shortageDaysByMaker = new HashMap<>();
        byMaker.forEach((k, v) -> shortageDaysByMaker.put(k, sorted(v)));
        this.discontinuanceDaysByAtcClass = new HashMap<>();
        discontinuedByClass.forEach((k, v) -> discontinuanceDaysByAtcClass.put(k, sorted(v)));
        this.shortageDaysByIngredient = new HashMap<>();
        this.keysByMoiety = new HashMap<>();
        byIngredient.forEach((key, list) -> {
            shortageDaysByIngredient.put(key, sorted(list.stream().filter(r -> r.type() == ReportType.SHORTAGE)
                    .map(r -> r.filed().toEpochDay()).toList()));
            for (String moiety : key.split(" \\+ ")) {
                keysByMoiety.computeIfAbsent(moiety, k -> new TreeSet<>()).add(key);
            }
        });
    }

    private static long[] sorted(List<Long> days) {
        long[] out = days.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(out);
        return out;
    }

    /**
     * The ATC class an ATC code belongs to (level 4, its chemical subgroup, the first five characters), or null.
     */
    public static String atcClass(String atc) {
        return atc == null || atc.length() < 5 ? null : atc.substring(0, 5);
    }

    /** The ATC level-3 group of an ATC code (its pharmacological subgroup, the first four characters), or null. */
    public static String atcGroup(String atc) {
        return atc == null || atc.length() < 4 ? null : atc.substring(0, 4);
    }

    /** Shortage reports of every ingredient of the ATC level-3 group filed in {@code [from, to)}. */
    public int shortagesOfGroupBetween(String atcGroup, LocalDate from, LocalDate to) {
        return atcGroup == null ? 0 : count(shortageDaysByAtcGroup.getOrDefault(atcGroup, new long[0]), from, to);
    }

    /**
     * Shortage reports filed in {@code [from, to)} on DINs the DPD gives to the company (the maker as the DPD names
     * it, whatever name the report itself carries).
     */
    public int shortagesOfMakerBetween(String company, LocalDate from, LocalDate to) {
        return count(shortageDaysByMaker.getOrDefault(company, new long[0]), from, to);
    }

    /** Reports of every ingredient filed in {@code [from, to)}. */
    public int filedBetween(LocalDate from, LocalDate to) {
        return count(filedDays, from, to);
    }

    /** Reports of every ingredient by the company filed in {@code [from, to)}. */
    public int filedByCompanyBetween(String company, LocalDate from, LocalDate to) {
        return count(filedDaysByCompany.getOrDefault(company, new long[0]), from, to);
    }

    /** Discontinuance reports of every ingredient of the ATC class filed in {@code [from, to)}. */
    public int discontinuancesOfClassBetween(String atcClass, LocalDate from, LocalDate to) {
        return atcClass == null ? 0
                : count(discontinuanceDaysByAtcClass.getOrDefault(atcClass, new long[0]), from, to);
    }

    /**
     * Shortage reports filed in {@code [from, to)} for the other ingredient keys that share an active moiety with this
     * one (a combination product and its single-moiety products: {@code AMOXICILLIN} and
     * {@code AMOXICILLIN + CLAVULANIC ACID}), each sibling counted once.
     */
    public int siblingShortagesBetween(String ingredient, LocalDate from, LocalDate to) {
        int n = 0;
        for (long[] days : siblingShortageDays.computeIfAbsent(ingredient, this::siblingShortageDays)) {
            n += count(days, from, to);
        }
        return n;
    }

    /** The shortage filing days of each other key sharing a moiety with {@code ingredient}, once per key. */
    private List<long[]> siblingShortageDays(String ingredient) {
        Set<String> siblings = new TreeSet<>();
        for (String moiety : ingredient.split(" \\+ ")) {
            siblings.addAll(keysByMoiety.getOrDefault(moiety, Set.of()));
        }
        siblings.remove(ingredient);
        return siblings.stream().map(shortageDaysByIngredient::get).toList();
    }

    /** Shortage reports of every ingredient of the ATC class filed in {@code [from, to)}. */
    public int shortagesOfClassBetween(String atcClass, LocalDate from, LocalDate to) {
        return atcClass == null ? 0 : count(shortageDaysByAtcClass.getOrDefault(atcClass, new long[0]), from, to);
    }

    private static int count(long[] days, LocalDate from, LocalDate to) {
        return lowerBound(days, to.toEpochDay()) - lowerBound(days, from.toEpochDay());
    }

    private static int lowerBound(long[] days, long day) {
        int lo = 0;
        int hi = days.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (days[mid] < day) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public List<FiledReport> reports() {
        return reports;
    }

    public List<FiledReport> reports(String ingredient) {
        return byIngredient.getOrDefault(ingredient, List.of());
    }

    public MarketedProducts marketed() {
        return marketed;
    }

    public FdaShortages fda() {
        return fda;
    }

    public int rejected() {
        return rejected;
    }

    public String description() {
        return description;
    }

    public LocalDate firstFiled() {
        return reports.get(0).filed();
    }

    public LocalDate lastFiled() {
        return reports.get(reports.size() - 1).filed();
    }

    /** The ATC code of an ingredient: the DPD's, else the one its shortage reports carry. */
    public String atc(String ingredient) {
        return atc(ingredient, LocalDate.MAX);
    }

    /** The ATC code of an ingredient as known before the day: the DPD's, else the one its earlier reports carry. */
    public String atc(String ingredient, LocalDate day) {
        String atc = marketed.atc(ingredient);
        if (atc != null) {
            return atc;
        }
        return reports(ingredient).stream().filter(r -> r.filed().isBefore(day)).map(FiledReport::atc)
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    /**
     * The ingredients a score is given for on a day: every ingredient with a human product marketed then, and every
     * ingredient with a shortage report filed before it.
     */
    public Set<String> universe(LocalDate day) {
        Set<String> keys = new TreeSet<>();
        for (String key : marketed.keysMarketedBetween(day, day)) {
            keys.add(key);
        }
        byIngredient.forEach((key, list) -> {
            if (list.get(0).filed().isBefore(day)) {
                keys.add(key);
            }
        });
        return keys;
    }
}
