package org.stockbridge.api.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.stockbridge.batch.ledger.LotExpirySql;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Queries kept as {@code .sql} files beside the feature that runs them, so a benchmark runs the very text the service
 * runs. A file may name the shared SQL fragments of {@link LotExpirySql} and {@link LedgerSql} as {@code ${NAME}}
 * ({@code ${EXTENDED_EXPIRY}}, {@code ${USABLE}}, ...); comment lines ({@code --}) are dropped. A line that ends in
 * {@code -- if NAME} is kept only when the switch NAME is on, one that ends in {@code -- unless NAME} only when it is
 * off: the optional filters of a query, each a whole line, chosen per request from a fixed set of texts.
 *
 * <p>Run as a program it prints a query for {@code pgbench}: {@code java -cp api/target/classes
 * org.stockbridge.api.persistence.SqlResources org/stockbridge/api/ledger/balance.sql site product lot} prints the
 * balance read with {@code :site}, {@code :product} and {@code :lot} for {@code $1}, {@code $2} and {@code $3};
 * arguments that start with {@code +} turn switches on ({@code +after}).
 */
public final class SqlResources {

    private static final Map<String, String> FRAGMENTS = Map.of(
            "SLEP_APPLIES", LotExpirySql.SLEP_APPLIES,
            "EXTENDED_EXPIRY", LotExpirySql.EXTENDED_EXPIRY,
            "EFFECTIVE_EXPIRY", LotExpirySql.EFFECTIVE_EXPIRY,
            "USABLE", LotExpirySql.USABLE,
            "UNREVERSED_ISSUE", LedgerSql.UNREVERSED_ISSUE,
            "UNREVERSED_OUTFLOW", LedgerSql.UNREVERSED_OUTFLOW,
            "OUTFLOW_TYPE_ROWS", LedgerSql.OUTFLOW_TYPE_ROWS,
            "NOT_REVERSED", LedgerSql.NOT_REVERSED);
    private static final Pattern FRAGMENT = Pattern.compile("\\$\\{([A-Z_]+)}");
    private static final Pattern SWITCHED = Pattern.compile("^(.*?)\\s*--\\s*(if|unless)\\s+(\\w+)\\s*$");

    /** A query file with switches: its text for each set of switches, expanded once and kept. */
    public static final class Template {

        private final String path;
        private final String text;
        private final Map<Set<String>, String> expanded = new ConcurrentHashMap<>();

        private Template(String path, String text) {
            this.path = path;
            this.text = text;
        }

        /** The query with the switches {@code on} turned on and every other switch off. */
        public String sql(Set<String> on) {
            return expanded.computeIfAbsent(Set.copyOf(on), switches -> expand(path, text, switches));
        }
    }

    private SqlResources() {
    }

    /** The query in the classpath resource {@code path} (from the root, e.g. {@code org/stockbridge/.../x.sql}). */
    public static String load(String path) {
        return template(path).sql(Set.of());
    }

    /** The query file {@code path}, whose text depends on switches. */
    public static Template template(String path) {
        try (InputStream in = SqlResources.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no SQL resource " + path);
            }
            Template template = new Template(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            template.sql(Set.of());
            return template;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SQL resource " + path, e);
        }
    }

    static String expand(String path, String text, Set<String> on) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.strip().startsWith("--")) {
                continue;
            }
            Matcher switched = SWITCHED.matcher(line);
            if (switched.matches()) {
                if (on.contains(switched.group(3)) != switched.group(2).equals("if")) {
                    continue;
                }
                line = switched.group(1);
            }
            out.append(out.isEmpty() ? "" : "\n").append(line.stripTrailing());
        }
        Matcher m = FRAGMENT.matcher(out);
        StringBuilder expanded = new StringBuilder();
        while (m.find()) {
            String fragment = FRAGMENTS.get(m.group(1));
            if (fragment == null) {
                throw new IllegalArgumentException(path + " names an unknown fragment ${" + m.group(1) + "}");
            }
            m.appendReplacement(expanded, Matcher.quoteReplacement(fragment));
        }
        return m.appendTail(expanded).toString();
    }

    /** Prints the query of resource {@code args[0]}, its switches and the names of its positional parameters after. */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: SqlResources RESOURCE [+SWITCH ...] [NAME-OF-$1 NAME-OF-$2 ...]");
            System.exit(2);
        }
        Set<String> on = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("+")) {
                on.add(args[i].substring(1));
            } else {
                names.add(args[i]);
            }
        }
        String sql = template(args[0]).sql(on);
        for (int i = names.size(); i >= 1; i--) {
            sql = sql.replace("$" + i, ":" + names.get(i - 1));
        }
        System.out.println(sql + ";");
    }
}
