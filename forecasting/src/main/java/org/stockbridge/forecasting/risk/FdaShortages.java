package org.stockbridge.forecasting.risk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * U.S. FDA drug shortages from the openFDA bulk file: per substance (the {@code openfda.substance_name} of each
 * record), when it was first posted and, for resolved ones, when its status changed. The file is a snapshot that
 * keeps current and recently resolved shortages only, so a count of active FDA shortages on an early day is a lower
 * bound; what it does count was known on that day (posted before it, not yet resolved).
 */
public final class FdaShortages {

    public static final String FILE = "openfda-drug-shortages/drug-shortages-0001-of-0001_2026-03-27.json";
    private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("MM/dd/yyyy");

    private record Posting(LocalDate posted, LocalDate resolved) {

        boolean activeOn(LocalDate day) {
            return posted.isBefore(day) && (resolved == null || resolved.isAfter(day));
        }
    }

    private final Map<String, List<Posting>> bySubstance;

    private FdaShortages(Map<String, List<Posting>> bySubstance) {
        this.bySubstance = bySubstance;
    }

    /** No FDA data: every count is zero. */
    public static FdaShortages none() {
        return new FdaShortages(Map.of());
    }

    public static FdaShortages read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the openFDA shortage file " + file, e);
        }
    }

    public static FdaShortages read(InputStream in) {
        JsonNode root = JsonMapper.builder().build().readTree(in);
        JsonNode results = root.path("results");
        if (!results.isArray()) {
            throw new IllegalArgumentException("not an openFDA drug shortage file: no results array");
        }
        Map<String, List<Posting>> bySubstance = new HashMap<>();
        for (JsonNode record : results) {
            LocalDate posted = date(record.path("initial_posting_date").asString(""));
            if (posted == null) {
                continue;
            }
            LocalDate resolved = "Resolved".equalsIgnoreCase(record.path("status").asString(""))
                    ? date(record.path("change_date").asString(record.path("update_date").asString(""))) : null;
            for (JsonNode substance : record.path("openfda").path("substance_name")) {
                bySubstance.computeIfAbsent(Ingredients.moiety(substance.asString("")), s -> new ArrayList<>())
                        .add(new Posting(posted, resolved));
            }
        }
        return new FdaShortages(bySubstance);
    }

    private static LocalDate date(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim(), US);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * FDA shortages posted at the given days, none resolved (for tests: what a file would hold), keyed by moiety.
     */
    public static FdaShortages posted(Map<String, List<LocalDate>> postings) {
        Map<String, List<Posting>> bySubstance = new HashMap<>();
        postings.forEach((name, days) -> days.forEach(d -> bySubstance.computeIfAbsent(name, k -> new ArrayList<>())
                .add(new Posting(d, null))));
        return new FdaShortages(bySubstance);
    }

    /** The records initially posted before the day, as a file of that day would have held them (minus resolutions). */
    public FdaShortages postedBefore(LocalDate day) {
        Map<String, List<Posting>> cut = new HashMap<>();
        bySubstance.forEach((name, list) -> list.stream().filter(p -> p.posted().isBefore(day))
                .forEach(p -> cut.computeIfAbsent(name, k -> new ArrayList<>()).add(new Posting(p.posted(), null))));
        return new FdaShortages(cut);
    }

    /**
     * FDA shortage records of any of the key's ingredients initially posted in {@code [from, to)}: what the U.S. list
     * showed as posted at the time, whatever became of it (its resolution date is read from the 2026 file and is left
     * out). A lower bound: shortages resolved well before 2026 are not in the file.
     */
    public int postedBetween(String ingredientKey, LocalDate from, LocalDate to) {
        int n = 0;
        for (String name : ingredientKey.split(" \\+ ")) {
            for (Posting p : bySubstance.getOrDefault(name, List.of())) {
                n += !p.posted().isBefore(from) && p.posted().isBefore(to) ? 1 : 0;
            }
        }
        return n;
    }

    /** FDA shortage records of any of the key's ingredients that were active on the day. */
    public int activeOn(String ingredientKey, LocalDate day) {
        int n = 0;
        for (String name : ingredientKey.split(" \\+ ")) {
            for (Posting p : bySubstance.getOrDefault(name, List.of())) {
                n += p.activeOn(day) ? 1 : 0;
            }
        }
        return n;
    }
}
