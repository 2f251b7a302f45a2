package org.stockbridge.forecasting.driver;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.stockbridge.domain.HhsRegions;

/**
 * The daily hospital census of each HHS region, summed from the states of the HHS "COVID-19 Reported Patient Impact
 * and Hospital Capacity by State Timeseries" file: staffed inpatient beds in use and adult plus paediatric inpatients
 * with confirmed COVID-19. A region's day counts only when every state of the region reported it (so a state that
 * starts reporting late does not look like a surge); a territory that reported on fewer than half as many days as the
 * most complete state (American Samoa) is left out of its region; the file's byte-order mark, quoted thousands separators,
 * {@code YYYY/MM/DD} dates and unsorted rows are read as they are.
 *
 * <p>It drives PPE demand: {@link #pressure} is a region's patient load relative to its own average, with a COVID-19
 * inpatient weighted {@value #COVID_WEIGHT} times an ordinary one (the PPE burn of an isolation patient-day).
 */
public final class HospitalCensus {

    /** How many ordinary patient-days of PPE one COVID-19 inpatient-day burns. */
    public static final double COVID_WEIGHT = 4.0;
    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    /** One region-day: inpatient beds in use and inpatients with confirmed COVID-19. */
    public record Day(long inpatients, long covidInpatients) {

        double load() {
            return inpatients + COVID_WEIGHT * covidInpatients;
        }
    }

    private final Map<String, NavigableMap<LocalDate, Day>> regions;
    private final Map<String, Double> meanLoad;

    private HospitalCensus(Map<String, NavigableMap<LocalDate, Day>> regions) {
        this.regions = regions;
        this.meanLoad = new HashMap<>();
        regions.forEach((region, days) -> meanLoad.put(region,
                days.values().stream().mapToDouble(Day::load).average().orElse(1.0)));
    }

    public static HospitalCensus read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the hospital census file " + file, e);
        }
    }

    public static HospitalCensus read(Reader reader) {
        Map<String, Map<LocalDate, Day>> states = new HashMap<>();
        try (CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get()
                .parse(reader)) {
            String stateColumn = csv.getHeaderNames().stream().filter(h -> h.replace("\uFEFF", "").equals("state"))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(
                            "not a hospital census file: no state column in " + csv.getHeaderNames()));
            for (CSVRecord row : csv) {
                Optional<LocalDate> date = date(row.get("date"));
                Long beds = count(row.get("inpatient_beds_used"));
                if (date.isEmpty() || beds == null) {
                    continue;
                }
                Long adults = count(row.get("total_adult_patients_hospitalized_confirmed_covid"));
                Long children = count(row.get("total_pediatric_patients_hospitalized_confirmed_covid"));
                long covid = (adults == null ? 0 : adults) + (children == null ? 0 : children);
                states.computeIfAbsent(row.get(stateColumn).toUpperCase(), s -> new HashMap<>())
                        .put(date.get(), new Day(beds, covid));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the hospital census", e);
        }
        int mostDays = states.values().stream().mapToInt(Map::size).max().orElse(0);
        Map<String, NavigableMap<LocalDate, Day>> regions = new HashMap<>();
        for (String region : HhsRegions.regions()) {
            List<Map<LocalDate, Day>> members = HhsRegions.states(region).stream()
                    .filter(states::containsKey).map(states::get)
                    .filter(days -> days.size() * 2 >= mostDays).toList();
            if (members.isEmpty()) {
                continue;
            }
            NavigableMap<LocalDate, Day> days = new TreeMap<>();
            for (LocalDate date : members.get(0).keySet()) {
                long beds = 0;
                long covid = 0;
                boolean complete = true;
                for (Map<LocalDate, Day> member : members) {
                    Day day = member.get(date);
                    if (day == null) {
                        complete = false;
                        break;
                    }
                    beds += day.inpatients();
                    covid += day.covidInpatients();
                }
                if (complete) {
                    days.put(date, new Day(beds, covid));
                }
            }
            if (!days.isEmpty()) {
                regions.put(region, Collections.unmodifiableNavigableMap(days));
            }
        }
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("the hospital census holds no complete region-day");
        }
        return new HospitalCensus(regions);
    }

    /** The regions with census data. */
    public List<String> regions() {
        return regions.keySet().stream().sorted().toList();
    }

    /** The region's census on a day, or the latest day before it that has one. */
    public Optional<Day> day(String region, LocalDate date) {
        NavigableMap<LocalDate, Day> days = regions.get(region);
        if (days == null) {
            return Optional.empty();
        }
        Map.Entry<LocalDate, Day> entry = days.floorEntry(date);
        return Optional.ofNullable(entry == null ? null : entry.getValue());
    }

    /** The first day with census data in every region. */
    public LocalDate firstDay() {
        return regions.values().stream().map(NavigableMap::firstKey).max(LocalDate::compareTo).orElseThrow();
    }

    /** The last day with census data in any region. */
    public LocalDate lastDay() {
        return regions.values().stream().map(NavigableMap::lastKey).max(LocalDate::compareTo).orElseThrow();
    }

    /**
     * A region's patient load on a day relative to its average over the file (1.0 is an average day); days before the
     * region's first complete day take that day's value, days after its last take the last. 1.0 for a region the
     * census does not cover (Canada).
     */
    public double pressure(String region, LocalDate date) {
        NavigableMap<LocalDate, Day> days = regions.get(region);
        if (days == null) {
            return 1.0;
        }
        Map.Entry<LocalDate, Day> entry = days.floorEntry(date);
        Day day = entry != null ? entry.getValue() : days.firstEntry().getValue();
        return day.load() / meanLoad.get(region);
    }

    /**
     * The census replayed so that its last day falls on or just before {@code lastDay}, shifted by whole weeks so
     * weekdays stay aligned: a driver for a synthetic series that ends on {@code lastDay}.
     */
    public DemandDriver replayedTo(LocalDate lastDay) {
        Objects.requireNonNull(lastDay, "lastDay must not be null");
        long gap = ChronoUnit.DAYS.between(lastDay(), lastDay);
        long shift = Math.floorDiv(gap, 7) * 7;
        return new DemandDriver() {
            @Override
            public double factor(String region, LocalDate day) {
                return pressure(region, day.minusDays(shift));
            }

            @Override
            public String describe() {
                return "HHS hospital census " + firstDay() + ".." + lastDay() + " replayed " + shift + " days later";
            }
        };
    }

    /** The census on its own dates: a driver for real series of the census period. */
    public DemandDriver asRecorded() {
        return new DemandDriver() {
            @Override
            public double factor(String region, LocalDate day) {
                return pressure(region, day);
            }

            @Override
            public String describe() {
                return "HHS hospital census " + firstDay() + ".." + lastDay();
            }
        };
    }

    private static Optional<LocalDate> date(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(text.contains("/") ? LocalDate.parse(text, SLASHED) : LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Long count(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(text.replace(",", "").replace(" ", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
