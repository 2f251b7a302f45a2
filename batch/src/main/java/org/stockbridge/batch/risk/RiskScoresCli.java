package org.stockbridge.batch.risk;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.stockbridge.forecasting.risk.RiskModel;
import org.stockbridge.forecasting.risk.RiskScore;
import org.stockbridge.forecasting.risk.RiskSources;
import org.stockbridge.forecasting.risk.RiskTrainer;

/**
 * Writes the shortage risk of every ingredient as of a day to CSV, from the real files alone:
 * {@code RiskScoresCli --as-of 2024-06-01 [--data data/real] [--horizon 90] [--out risk.csv]}. The model is trained
 * for that day on what was filed before it (training windows end a year before it, the year before it calibrates),
 * so a past score can be checked against what happened after. Exit code 0 on success, 2 on bad arguments, 1 when the
 * data cannot be read; the output file is written whole or not at all.
 */
public final class RiskScoresCli {

    public static final List<String> HEADER = List.of("ingredient", "atc", "as_of", "horizon_days", "probability",
            "driver_1", "effect_1", "driver_2", "effect_2", "driver_3", "effect_3");

    private RiskScoresCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs with the arguments; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        LocalDate asOf;
        int horizon;
        try {
            options = options(args);
            if (!options.containsKey("as-of")) {
                throw new IllegalArgumentException("--as-of YYYY-MM-DD is required");
            }
            asOf = LocalDate.parse(options.get("as-of"));
            horizon = Integer.parseInt(options.getOrDefault("horizon", "90"));
            if (horizon != 30 && horizon != 90) {
                throw new IllegalArgumentException("--horizon must be 30 or 90, was " + horizon);
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            err.println("risk-scores: " + e.getMessage());
            err.println("usage: risk-scores --as-of YYYY-MM-DD [--data data/real] [--horizon 30|90] [--out file.csv]");
            return 2;
        }
        Path data = Path.of(options.getOrDefault("data", "data/real"));
        try {
            RiskSources sources = RiskFiles.read(data);
            if (asOf.isBefore(RiskTrainer.FIRST_ORIGIN.plusYears(1)) || asOf.isAfter(sources.lastFiled().plusDays(1))) {
                err.println("risk-scores: --as-of must be between " + RiskTrainer.FIRST_ORIGIN.plusYears(1) + " and "
                        + sources.lastFiled().plusDays(1) + " (the day after the last filing in the history)");
                return 2;
            }
            RiskModel model = RiskTrainer.served(20_261_201L, 1).train(sources, asOf, horizon);
            List<RiskScore> scores = new ArrayList<>(model.score(sources,
                    RiskTrainer.rows(sources, List.of(asOf), horizon, asOf), 3));
            scores.sort((a, b) -> Double.compare(b.probability(), a.probability()));
            String target = options.get("out");
            if (target == null) {
                write(scores, new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
            } else {
                Path file = Path.of(target);
                Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".risk-scores", ".csv");
                try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                    write(scores, writer);
                }
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                err.println("risk-scores: wrote " + scores.size() + " ingredients to " + file + " (" + model.name()
                        + ", " + horizon + " days, as of " + asOf + ")");
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("risk-scores: " + e.getMessage());
            return 1;
        }
    }

    private static void write(List<RiskScore> scores, Writer writer) throws IOException {
        CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new))
                .get());
        for (RiskScore s : scores) {
            List<Object> row = new ArrayList<>(List.of(s.ingredient(), s.atc() == null ? "" : s.atc(),
                    s.asOf().toString(), s.horizonDays(), String.format(Locale.ROOT, "%.6f", s.probability())));
            for (int i = 0; i < 3; i++) {
                if (i < s.drivers().size()) {
                    RiskScore.Driver d = s.drivers().get(i);
                    row.add(d.feature() + "=" + format(d.value()));
                    row.add(String.format(Locale.ROOT, "%+.6f", d.effect()));
                } else {
                    row.add("");
                    row.add("");
                }
            }
            csv.printRecord(row);
        }
        csv.flush();
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "none";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
                : String.format(Locale.ROOT, "%.4f", v);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
            }
            String name = args[i].substring(2);
            if (!List.of("as-of", "data", "horizon", "out").contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            options.put(name, args[++i]);
        }
        return options;
    }
}
