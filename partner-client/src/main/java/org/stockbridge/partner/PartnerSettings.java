package org.stockbridge.partner;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the partner client is told: the server, where its token comes from, its store and whether to stop at the feed
 * head. Each setting is a command-line option or, for a container, an environment variable; the option wins.
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>option</th><th>environment variable</th><th>meaning</th></tr>
 * <tr><td>{@code --server}</td><td>{@code STOCKBRIDGE_SERVER}</td><td>the service, default
 * {@code http://localhost:8080}</td></tr>
 * <tr><td>{@code --store}</td><td>{@code STOCKBRIDGE_PARTNER_STORE}</td><td>the directory of the local copy</td></tr>
 * <tr><td>{@code --token}, {@code --token-file}</td><td>{@code STOCKBRIDGE_PARTNER_TOKEN},
 * {@code STOCKBRIDGE_PARTNER_TOKEN_FILE}</td><td>a bearer token, or a file holding one (read again when refused)</td></tr>
 * <tr><td>{@code --token-url}, {@code --client-id}, {@code --client-secret-file}, {@code --scope}</td>
 * <td>{@code STOCKBRIDGE_PARTNER_TOKEN_URL}, {@code …_CLIENT_ID}, {@code …_CLIENT_SECRET_FILE}, {@code …_SCOPE}</td>
 * <td>the OAuth 2.0 client credentials grant at the identity provider's token endpoint</td></tr>
 * <tr><td>{@code --client}</td><td>{@code STOCKBRIDGE_PARTNER_LOCAL_CLIENT}</td><td>a demo client of the embedded
 * default's local issuer</td></tr>
 * <tr><td>{@code --until-head}</td><td>{@code STOCKBRIDGE_PARTNER_UNTIL_HEAD=true}</td><td>stop once caught up</td></tr>
 * <tr><td>{@code --webhook-port}</td><td>{@code STOCKBRIDGE_PARTNER_WEBHOOK_PORT}</td><td>start the verifying webhook
 * receiver on this port</td></tr>
 * <tr><td></td><td>{@code STOCKBRIDGE_PARTNER_WEBHOOK_SECRET}</td><td>the subscription's webhook secrets
 * ({@code whsec_...}, several separated by spaces or commas during a rotation); an environment variable only, so that
 * it never shows in a process list</td></tr>
 * </table>
 *
 * @param server    the service's base address
 * @param tokens    where bearer tokens come from
 * @param store     the local copy's directory
 * @param untilHead whether to stop once the cursor reaches the feed head
 * @param webhooks  the webhook receiver to start, or null for none
 */
record PartnerSettings(String server, TokenSource.Kind tokens, Path store, boolean untilHead, Webhooks webhooks) {

    /** Where the webhook receiver listens and the secrets it verifies with (kept out of {@link #toString()}). */
    record Webhooks(int port, List<String> secrets) {

        @Override
        public String toString() {
            return "Webhooks[port=" + port + ", " + secrets.size() + " secret(s)]";
        }
    }

    static final String WEBHOOK_SECRET_VARIABLE = "STOCKBRIDGE_PARTNER_WEBHOOK_SECRET";

    /** An option and the environment variable that stands for it. */
    private record Setting(String option, String variable) {
    }

    private static final Setting SERVER = new Setting("server", "STOCKBRIDGE_SERVER");
    private static final Setting STORE = new Setting("store", "STOCKBRIDGE_PARTNER_STORE");
    private static final Setting TOKEN = new Setting("token", "STOCKBRIDGE_PARTNER_TOKEN");
    private static final Setting TOKEN_FILE = new Setting("token-file", "STOCKBRIDGE_PARTNER_TOKEN_FILE");
    private static final Setting TOKEN_URL = new Setting("token-url", "STOCKBRIDGE_PARTNER_TOKEN_URL");
    private static final Setting CLIENT_ID = new Setting("client-id", "STOCKBRIDGE_PARTNER_CLIENT_ID");
    private static final Setting CLIENT_SECRET_FILE = new Setting("client-secret-file",
            "STOCKBRIDGE_PARTNER_CLIENT_SECRET_FILE");
    private static final Setting SCOPE = new Setting("scope", "STOCKBRIDGE_PARTNER_SCOPE");
    private static final Setting LOCAL_CLIENT = new Setting("client", "STOCKBRIDGE_PARTNER_LOCAL_CLIENT");
    private static final Setting UNTIL_HEAD = new Setting("until-head", "STOCKBRIDGE_PARTNER_UNTIL_HEAD");
    private static final Setting WEBHOOK_PORT = new Setting("webhook-port", "STOCKBRIDGE_PARTNER_WEBHOOK_PORT");

    private static final List<Setting> ALL = List.of(SERVER, STORE, TOKEN, TOKEN_FILE, TOKEN_URL, CLIENT_ID,
            CLIENT_SECRET_FILE, SCOPE, LOCAL_CLIENT, UNTIL_HEAD, WEBHOOK_PORT);

    static final String USAGE = "usage: PartnerClient --store DIR [--server URL] (--token TOKEN | --token-file FILE"
            + " | --token-url URL --client-id ID --client-secret-file FILE [--scope S] | --client DEMO_CLIENT)"
            + " [--until-head] [--webhook-port PORT, with STOCKBRIDGE_PARTNER_WEBHOOK_SECRET in the environment];"
            + " each option may be given as its environment variable instead (STOCKBRIDGE_SERVER,"
            + " STOCKBRIDGE_PARTNER_STORE, STOCKBRIDGE_PARTNER_TOKEN, STOCKBRIDGE_PARTNER_TOKEN_FILE,"
            + " STOCKBRIDGE_PARTNER_TOKEN_URL, STOCKBRIDGE_PARTNER_CLIENT_ID, STOCKBRIDGE_PARTNER_CLIENT_SECRET_FILE,"
            + " STOCKBRIDGE_PARTNER_SCOPE, STOCKBRIDGE_PARTNER_LOCAL_CLIENT, STOCKBRIDGE_PARTNER_UNTIL_HEAD=true,"
            + " STOCKBRIDGE_PARTNER_WEBHOOK_PORT)";

    /** The settings from the command line and the environment, or an {@link IllegalArgumentException} saying why not. */
    static PartnerSettings of(String[] args, Map<String, String> environment) {
        Map<String, String> options = options(args);
        Map<String, String> values = new LinkedHashMap<>();
        for (Setting setting : ALL) {
            String value = options.containsKey(setting.option()) ? options.get(setting.option())
                    : environment.get(setting.variable());
            if (value != null && !value.isBlank()) {
                values.put(setting.option(), value.trim());
            }
        }
        String server = values.getOrDefault(SERVER.option(), "http://localhost:8080");
        URI address = URI.create(server);
        if (!"http".equals(address.getScheme()) && !"https".equals(address.getScheme()) || address.getHost() == null) {
            throw new IllegalArgumentException("the server must be an http or https address, not " + server);
        }
        String store = values.get(STORE.option());
        if (store == null) {
            throw new IllegalArgumentException("no store: give --store DIR or STOCKBRIDGE_PARTNER_STORE");
        }
        String untilHead = values.getOrDefault(UNTIL_HEAD.option(), "false");
        if (!untilHead.equals("true") && !untilHead.equals("false")) {
            throw new IllegalArgumentException("STOCKBRIDGE_PARTNER_UNTIL_HEAD must be true or false, not " + untilHead);
        }
        return new PartnerSettings(server, tokens(values), Path.of(store), untilHead.equals("true"),
                webhooks(values.get(WEBHOOK_PORT.option()), environment.get(WEBHOOK_SECRET_VARIABLE)));
    }

    private static Webhooks webhooks(String port, String secrets) {
        if (port == null) {
            return null;
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 0 || number > 65535) {
            throw new IllegalArgumentException("the webhook port must be a number from 0 to 65535, not " + port);
        }
        List<String> given = secrets == null ? List.of()
                : Arrays.stream(secrets.trim().split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
        if (given.isEmpty()) {
            throw new IllegalArgumentException("the webhook receiver needs the subscription's secret in "
                    + WEBHOOK_SECRET_VARIABLE);
        }
        for (String secret : given) {
            if (!secret.startsWith("whsec_")) {
                throw new IllegalArgumentException(WEBHOOK_SECRET_VARIABLE + " holds a value that is not a webhook "
                        + "secret (they start with whsec_)");
            }
            try {
                Base64.getDecoder().decode(secret.substring("whsec_".length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(WEBHOOK_SECRET_VARIABLE + " holds a secret that is not whsec_ "
                        + "followed by base64");
            }
        }
        return new Webhooks(number, given);
    }

    private static TokenSource.Kind tokens(Map<String, String> values) {
        List<TokenSource.Kind> given = new ArrayList<>();
        if (values.containsKey(TOKEN.option())) {
            given.add(new TokenSource.Fixed(values.get(TOKEN.option())));
        }
        if (values.containsKey(TOKEN_FILE.option())) {
            given.add(new TokenSource.FromFile(Path.of(values.get(TOKEN_FILE.option()))));
        }
        if (values.containsKey(TOKEN_URL.option()) || values.containsKey(CLIENT_ID.option())
                || values.containsKey(CLIENT_SECRET_FILE.option())) {
            for (Setting needed : List.of(TOKEN_URL, CLIENT_ID, CLIENT_SECRET_FILE)) {
                if (!values.containsKey(needed.option())) {
                    throw new IllegalArgumentException("the client credentials grant needs --" + needed.option()
                            + " (" + needed.variable() + ") too");
                }
            }
            given.add(new TokenSource.ClientCredentials(URI.create(values.get(TOKEN_URL.option())),
                    values.get(CLIENT_ID.option()), secret(Path.of(values.get(CLIENT_SECRET_FILE.option()))),
                    values.get(SCOPE.option())));
        }
        if (values.containsKey(LOCAL_CLIENT.option())) {
            given.add(new TokenSource.LocalIssuer(values.get(LOCAL_CLIENT.option())));
        }
        if (given.size() != 1) {
            throw new IllegalArgumentException(given.isEmpty() ? "no token source: give a token, a token file, the "
                    + "client credentials grant or a demo client" : "more than one token source given: "
                    + given.stream().map(kind -> kind.getClass().getSimpleName()).toList() + "; give one");
        }
        return given.get(0);
    }

    private static String secret(Path file) {
        try {
            String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("the client secret file " + file + " is empty");
            }
            return secret;
        } catch (IOException e) {
            throw new IllegalArgumentException("could not read the client secret file " + file + ": " + e, e);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            if (ALL.stream().noneMatch(setting -> setting.option().equals(name))) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (name.equals(UNTIL_HEAD.option())) {
                options.put(name, "true");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return options;
    }
}
