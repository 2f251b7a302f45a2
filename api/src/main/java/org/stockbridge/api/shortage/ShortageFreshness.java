package org.stockbridge.api.shortage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.stockbridge.domain.shortage.ShortageSource;

/**
 * How fresh each shortage source is, computed from what was ingested: for a source published as full snapshots (the
 * FDA list) the date of the newest snapshot read ({@code "FDA list of 2026-03-27"}), for the others the creation date
 * of their newest report ({@code "DSC reports up to 2024-12-24"}). {@code statement} joins the live sources' phrases;
 * a source that ended says so in its own phrase and is left out of the statement. The one rule for every view that
 * states how fresh its shortage sources are: the shortage reports (from the stored data) and the shortage risk (from
 * the history its model read, see {@code ForecastEngine.freshness}).
 *
 * @param statement one line for a reader, such as {@code "DSC reports up to 2024-12-24, FDA list of 2026-03-27"}
 * @param sources   every source with reports, in the order of {@link ShortageSource}
 */
public record ShortageFreshness(String statement, List<SourceFreshness> sources) {

    /**
     * One source.
     *
     * @param source      DSC, DRUGSHORTAGES_CA or FDA
     * @param name        how a reader knows it (DSC, drugshortages.ca, FDA)
     * @param live        whether it still reports; false once it ended
     * @param endedOn     the day it stopped reporting; null while live
     * @param reportsUpTo the creation date of its newest report
     * @param updatedUpTo the newest date of a last update among its reports
     * @param snapshotOf  the date of the newest complete snapshot read; null for a source not published as snapshots
     * @param reports     how many of its reports are stored
     * @param statement   this source's phrase
     */
    public record SourceFreshness(String source, String name, String country, boolean live, LocalDate endedOn,
                           LocalDate reportsUpTo, LocalDate updatedUpTo, LocalDate snapshotOf, long reports,
                           String statement) {
    }

    /** The dates read from the reports and snapshots of one source. */
    public record Dates(LocalDate reportsUpTo, LocalDate updatedUpTo, LocalDate snapshotOf, long reports) {
    }

    public static ShortageFreshness of(Map<ShortageSource, Dates> bySource) {
        List<SourceFreshness> sources = new ArrayList<>();
        for (ShortageSource source : ShortageSource.values()) {
            Dates d = bySource.get(source);
            if (d == null || d.reports() == 0) {
                continue;
            }
            String name = name(source);
            String phrase = d.snapshotOf() != null ? name + " list of " + d.snapshotOf()
                    : name + " reports up to " + d.reportsUpTo();
            if (!source.live()) {
                phrase += " (ended " + source.endedOn() + ")";
            }
            sources.add(new SourceFreshness(source.name(), name, source.country().name(), source.live(),
                    source.endedOn(), d.reportsUpTo(), d.updatedUpTo(), d.snapshotOf(), d.reports(), phrase));
        }
        String statement = sources.stream().filter(SourceFreshness::live).map(SourceFreshness::statement)
                .collect(Collectors.joining(", "));
        return new ShortageFreshness(statement.isEmpty() ? "no shortage reports ingested" : statement, sources);
    }

    private static String name(ShortageSource source) {
        return switch (source) {
            case DSC -> "DSC";
            case DRUGSHORTAGES_CA -> "drugshortages.ca";
            case FDA -> "FDA";
        };
    }
}
