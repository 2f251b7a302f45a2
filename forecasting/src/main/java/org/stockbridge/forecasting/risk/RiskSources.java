package org.stockbridge.forecasting.risk;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

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

    public RiskSources(List<FiledReport> reports, int rejected, MarketedProducts marketed, FdaShortages fda,
                       String description) {
        this.reports = List.copyOf(reports);
        this.rejected = rejected;
        this.marketed = Objects.requireNonNull(marketed, "marketed must not be null");
        this.fda = Objects.requireNonNull(fda, "fda must not be null");
        this.description = description;
        this.byIngredient = new HashMap<>();
        for (FiledReport r : this.reports) {
            byIngredient.computeIfAbsent(r.ingredient(), k -> new ArrayList<>()).add(r);
        }
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
        String atc = marketed.atc(ingredient);
        if (atc != null) {
            return atc;
        }
        return reports(ingredient).stream().map(FiledReport::atc).filter(Objects::nonNull).findFirst().orElse(null);
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
