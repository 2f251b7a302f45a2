package org.stockbridge.api.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Queries kept as {@code .sql} files beside the feature that runs them, so a benchmark runs the very text the service
 * runs. A file may name the shared SQL fragments of {@link LotExpirySql} as {@code ${SLEP_APPLIES}},
 * {@code ${EXTENDED_EXPIRY}} and {@code ${EFFECTIVE_EXPIRY}}; comment lines ({@code --}) are dropped.
 *
 * <p>Run as a program it prints a query for {@code pgbench}, its positional parameters renamed:
 * {@code java -cp api/target/classes org.stockbridge.api.persistence.SqlResources
 * org/stockbridge/api/ledger/balance.sql site product lot} prints the balance read with {@code :site},
 * {@code :product} and {@code :lot} for {@code $1}, {@code $2} and {@code $3}.
 */
public final class SqlResources {

    private static final Map<String, String> FRAGMENTS = Map.of(
            "SLEP_APPLIES", LotExpirySql.SLEP_APPLIES,
            "EXTENDED_EXPIRY", LotExpirySql.EXTENDED_EXPIRY,
            "EFFECTIVE_EXPIRY", LotExpirySql.EFFECTIVE_EXPIRY);
    private static final Pattern FRAGMENT = Pattern.compile("\\$\\{([A-Z_]+)}");

    private SqlResources() {
    }

    /** The query in the classpath resource {@code path} (from the root, e.g. {@code org/stockbridge/.../x.sql}). */
    public static String load(String path) {
        try (InputStream in = SqlResources.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no SQL resource " + path);
            }
            return expand(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SQL resource " + path, e);
        }
    }

    static String expand(String path, String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.strip().startsWith("--")) {
                out.append(out.isEmpty() ? "" : "\n").append(line.stripTrailing());
            }
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

    /** Prints the query of resource {@code args[0]} with {@code $n} renamed to the n-th further argument. */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: SqlResources RESOURCE [NAME-OF-$1 NAME-OF-$2 ...]");
            System.exit(2);
        }
        String sql = load(args[0]);
        for (int i = args.length - 1; i >= 1; i--) {
            sql = sql.replace("$" + i, ":" + args[i]);
        }
        System.out.println(sql + ";");
    }
}
