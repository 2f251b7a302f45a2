import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client side of the fleet test (benchmarks/fleet.sh): JDK classes only, run as a single-file source program.
 * Three modes, each printing its figures as {@code name=value} lines on standard output:
 * <ul>
 * <li>{@code load URLS SECONDS WORKERS SERIES KEY_FILE RUN}: workers post movements round-robin over the replicas, each
 * with its own Idempotency-Key (also sent as documentRef, so the database can be counted per key). A connection
 * error, a timeout, a 5xx, a 429 or a 409 {@code idempotency-key-in-use} is retried with the same key and body on the
 * next replica; any other answer is final. Every fifth key is hedged: its first try goes to two replicas at once.
 * Every key and its outcome (ACKED, REFUSED, UNACKED) goes to KEY_FILE.
 * SERIES is {@code site/product/lot;...}.</li>
 * <li>{@code feed POST_URLS FOLLOW_URL PROBES INTERVAL_MS SERIES RUN}: a follower long-polls {@code GET /changes?wait=}
 * on FOLLOW_URL while single movements are posted, one at a time, on the POST_URLS in turn; prints how long each took
 * from being sent to arriving at the follower (p50, p99, max, missing).</li>
 * <li>{@code rate URLS SECONDS THREADS LIMIT}: one client sends cheap reads round-robin to every replica as fast as its
 * threads can, and counts the accepted answers (2xx) per second against LIMIT, the per-client limit per second,
 * after one second that is not counted.</li>
 * </ul>
 * URLS are comma-separated base URLs ({@code http://127.0.0.1:PORT}); tokens come from the first one's local issuer.
 */
public class FleetClient {

    private static final Pattern DOCUMENT_REF = Pattern.compile("\"documentRef\":\\s*\"([^\"]*)\"");
    private static final Pattern AFTER = Pattern.compile("\"after\":\\s*(\\d+)");
    private static final Pattern POSITION = Pattern.compile("\"position\":\\s*(\\d+)");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("mode: load, feed or rate");
        }
        FleetClient client = new FleetClient();
        switch (args[0]) {
            case "load" -> client.load(urls(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    series(args[4]), Path.of(args[5]), args[6]);
            case "feed" -> client.feed(urls(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    series(args[5]), args[6]);
            case "rate" -> client.rate(urls(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    record Series(String site, String product, String lot) {
    }

    /** What happened to one key in the end. */
    enum Outcome { ACKED, REFUSED, UNACKED }

    // ---------------------------------------------------------------------------------------------------- load

    void load(List<String> urls, int seconds, int workers, List<Series> series, Path keyFile, String run)
            throws Exception {
        String token = token(urls.get(0), "aspr-manager");
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        AtomicLong attempts = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        AtomicLong replays = new AtomicLong();
        AtomicLong hedged = new AtomicLong();
        AtomicLong bothApplied = new AtomicLong();
        AtomicLong inUseAnswers = new AtomicLong();
        Map<String, AtomicLong> retryCauses = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            threads.add(started(() -> {
                for (int n = 0; System.nanoTime() < deadline; n++) {
                    String key = "fleet-" + run + "-" + worker + "-" + n;
                    Series s = series.get((worker + n) % series.size());
                    // mostly receipts, every fourth line an issue of one unit of the same lot
                    boolean issue = n % 4 == 3;
                    int quantity = issue ? 1 : 1 + n % 5;
                    String body = movement(issue ? "ISSUE" : "RECEIPT", quantity, s, key);
                    Outcome outcome = Outcome.UNACKED;
                    int status = 0;
                    int tries = 0;
                    // a key is given up 30 s after its first try, however many replicas are down by then
                    long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    // every fifth key is also hedged: its first try goes to two replicas at once, as a client
                    // that does not wait for a slow replica would do, so two replicas race for the same key
                    boolean hedge = n % 5 == 4;
                    if (hedge) {
                        hedged.incrementAndGet();
                    }
                    while (System.nanoTime() < giveUp) {
                        List<String> targets = new ArrayList<>();
                        for (int t = 0; t < (hedge && tries == 0 ? 2 : 1); t++) {
                            targets.add(urls.get(Math.floorMod(next.getAndIncrement(), urls.size())));
                        }
                        tries++;
                        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
                        for (String url : targets) {
                            attempts.incrementAndGet();
                            sent.add(http.sendAsync(HttpRequest.newBuilder(URI.create(url + "/api/v1/movements"))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .header("Idempotency-Key", key)
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(), HttpResponse.BodyHandlers.ofString()));
                        }
                        String cause = null;
                        long pause = 50;
                        int applied = 0;
                        for (CompletableFuture<HttpResponse<String>> one : sent) {
                            HttpResponse<String> response;
                            try {
                                response = one.join();
                            } catch (CompletionException e) {
                                cause = cause != null ? cause : e.getCause().getClass().getSimpleName();
                                continue;
                            }
                            int answer = response.statusCode();
                            boolean inUse = answer == 409 && response.body().contains("idempotency-key-in-use");
                            if (inUse) {
                                inUseAnswers.incrementAndGet();
                            }
                            if (answer / 100 == 2) {
                                outcome = Outcome.ACKED;
                                status = answer;
                                if (response.headers().firstValue("Idempotent-Replayed").isPresent()) {
                                    replays.incrementAndGet();
                                } else {
                                    applied++;
                                }
                            } else if (answer / 100 != 5 && answer != 429 && !inUse) {
                                if (outcome != Outcome.ACKED) {
                                    outcome = Outcome.REFUSED;
                                    status = answer;
                                }
                            } else {
                                cause = cause != null ? cause : inUse ? "409 key in use" : Integer.toString(answer);
                                if (answer == 429) {
                                    pause = 1000 * response.headers().firstValueAsLong("Retry-After").orElse(1);
                                }
                            }
                        }
                        if (applied > 1) {
                            // two answers that each say they applied the key: the database check will tell
                            bothApplied.incrementAndGet();
                        }
                        if (outcome != Outcome.UNACKED) {
                            break;
                        }
                        retries.incrementAndGet();
                        retryCauses.computeIfAbsent(cause == null ? "unknown" : cause, c -> new AtomicLong())
                                .incrementAndGet();
                        sleep(Math.min(pause, 2000));
                    }
                    lines.add(String.join("\t", key, outcome.name(), Integer.toString(status),
                            Integer.toString(tries), s.site(), s.product(), s.lot()));
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Files.write(keyFile, lines, StandardCharsets.UTF_8);
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        for (String line : lines) {
            counts.merge(Outcome.valueOf(line.split("\t")[1]), 1L, Long::sum);
        }
        System.out.println("load.keys=" + lines.size());
        for (Outcome outcome : Outcome.values()) {
            System.out.println("load." + outcome.name().toLowerCase() + "=" + counts.getOrDefault(outcome, 0L));
        }
        System.out.println("load.attempts=" + attempts.get());
        System.out.println("load.retries=" + retries.get());
        System.out.println("load.replayed=" + replays.get());
        System.out.println("load.hedged=" + hedged.get());
        System.out.println("load.hedged_both_applied=" + bothApplied.get());
        System.out.println("load.key_in_use=" + inUseAnswers.get());
        System.out.println("load.retry_causes=" + retryCauses.toString().replace(' ', '_'));
        System.out.println("load.seconds=" + seconds);
    }

    // ---------------------------------------------------------------------------------------------------- feed

    void feed(List<String> postUrls, String followUrl, int probes, int intervalMillis, List<Series> series, String run)
            throws Exception {
        String writer = token(postUrls.get(0), "aspr-manager");
        String reader = token(followUrl, "health-official");
        long start = head(followUrl, reader);
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong polls = new AtomicLong();
        AtomicLong pollErrors = new AtomicLong();
        Thread follower = started(() -> {
            long after = start;
            while (!stop.get()) {
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                                    followUrl + "/api/v1/changes?limit=500&wait=20&after=" + after))
                            .timeout(Duration.ofSeconds(40))
                            .header("Authorization", "Bearer " + reader)
                            .GET().build(), HttpResponse.BodyHandlers.ofString());
                    long now = System.nanoTime();
                    polls.incrementAndGet();
                    if (response.statusCode() != 200) {
                        pollErrors.incrementAndGet();
                        sleep(200);
                        continue;
                    }
                    Matcher ref = DOCUMENT_REF.matcher(response.body());
                    while (ref.find()) {
                        arrived.putIfAbsent(ref.group(1), now);
                    }
                    after = lastLong(AFTER, response.body()).orElse(after);
                } catch (IOException e) {
                    pollErrors.incrementAndGet();
                    sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sleep(1000); // the follower's first long poll is parked before the first probe
        for (int i = 0; i < probes; i++) {
            String key = "fleet-feed-" + run + "-" + i;
            Series s = series.get(i % series.size());
            String url = postUrls.get(i % postUrls.size());
            long at = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/movements"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + writer)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(movement("RECEIPT", 1, s, key)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("probe " + key + " was refused: " + response.statusCode() + " "
                        + response.body());
            }
            sent.put(key, at);
            // a quiet fleet: one change at a time, 0.8-1.2 times the interval apart, so no change wakes a follower
            // for another sooner than that
            sleep(intervalMillis * 4 / 5 + ThreadLocalRandom.current().nextInt(intervalMillis * 2 / 5 + 1));
        }
        long waitUntil = System.nanoTime() + Duration.ofSeconds(25).toNanos();
        while (!arrived.keySet().containsAll(sent.keySet()) && System.nanoTime() < waitUntil) {
            sleep(100);
        }
        stop.set(true);
        follower.interrupt();
        List<Long> millis = new ArrayList<>();
        int missing = 0;
        for (Map.Entry<String, Long> probe : sent.entrySet()) {
            Long at = arrived.get(probe.getKey());
            if (at == null) {
                missing++;
            } else {
                millis.add(Math.max(0, (at - probe.getValue()) / 1_000_000));
            }
        }
        Collections.sort(millis);
        System.out.println("feed.probes=" + sent.size());
        System.out.println("feed.delivered=" + millis.size());
        System.out.println("feed.missing=" + missing);
        System.out.println("feed.p50_ms=" + percentile(millis, 50));
        System.out.println("feed.p99_ms=" + percentile(millis, 99));
        System.out.println("feed.max_ms=" + (millis.isEmpty() ? -1 : millis.get(millis.size() - 1)));
        System.out.println("feed.within_2s=" + millis.stream().filter(m -> m <= 2000).count());
        System.out.println("feed.polls=" + polls.get());
        System.out.println("feed.poll_errors=" + pollErrors.get());
    }

    private long head(String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/changes/head"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return lastLong(POSITION, response.body())
                .orElseThrow(() -> new IllegalStateException("no feed head: " + response.body()));
    }

    // ---------------------------------------------------------------------------------------------------- rate

    void rate(List<String> urls, int seconds, int threads, int limit) throws Exception {
        String token = token(urls.get(0), "phac-manager");
        AtomicInteger next = new AtomicInteger();
        long begin = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        long end = begin + Duration.ofSeconds(seconds).toNanos();
        AtomicLong accepted = new AtomicLong();
        AtomicLong limited = new AtomicLong();
        AtomicLong other = new AtomicLong();
        long[] acceptedPerReplica = new long[urls.size()];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(started(() -> {
                while (System.nanoTime() < end) {
                    int replica = Math.floorMod(next.getAndIncrement(), urls.size());
                    try {
                        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                                        URI.create(urls.get(replica) + "/api/v1/changes/head"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Authorization", "Bearer " + token)
                                .GET().build(), HttpResponse.BodyHandlers.discarding());
                        long now = System.nanoTime();
                        if (now < begin || now >= end) {
                            continue;
                        }
                        if (response.statusCode() / 100 == 2) {
                            accepted.incrementAndGet();
                            synchronized (acceptedPerReplica) {
                                acceptedPerReplica[replica]++;
                            }
                        } else if (response.statusCode() == 429) {
                            limited.incrementAndGet();
                        } else {
                            other.incrementAndGet();
                        }
                    } catch (IOException e) {
                        other.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double perSecond = accepted.get() / (double) seconds;
        System.out.println("rate.seconds=" + seconds);
        System.out.println("rate.limit_per_s=" + limit);
        System.out.println("rate.sent_per_s=" + String.format("%.1f",
                (accepted.get() + limited.get() + other.get()) / (double) seconds));
        System.out.println("rate.accepted_per_s=" + String.format("%.1f", perSecond));
        System.out.println("rate.refused_429=" + limited.get());
        System.out.println("rate.other=" + other.get());
        StringBuilder perReplica = new StringBuilder();
        for (int i = 0; i < acceptedPerReplica.length; i++) {
            perReplica.append(i == 0 ? "" : "/")
                    .append(String.format("%.1f", acceptedPerReplica[i] / (double) seconds));
        }
        System.out.println("rate.accepted_per_s_per_replica=" + perReplica);
        System.out.println("rate.ratio=" + String.format("%.2f", perSecond / limit));
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private String token(String url, String client) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(url + "/auth/local-token?client=" + client))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("no token for " + client + ": " + response.statusCode() + " "
                    + response.body());
        }
        return response.body().trim();
    }

    /** A movement's JSON; a receipt names its lot's expiry (a new lot needs one), an issue only the lot. */
    private static String movement(String type, int quantity, Series series, String key) {
        String expiry = type.equals("RECEIPT") ? ",\"expiry\":\"2031-11-30\"" : "";
        return ("{\"site\":\"%s\",\"product\":\"%s\",\"type\":\"%s\",\"quantity\":%d,"
                + "\"lot\":{\"number\":\"%s\"%s},\"documentRef\":\"%s\"}")
                .formatted(series.site(), series.product(), type, quantity, series.lot(), expiry, key);
    }

    private static Optional<Long> lastLong(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        Long last = null;
        while (matcher.find()) {
            last = Long.parseLong(matcher.group(1));
        }
        return Optional.ofNullable(last);
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static List<String> urls(String argument) {
        return List.of(argument.split(","));
    }

    private static List<Series> series(String argument) {
        List<Series> all = new ArrayList<>();
        for (String one : argument.split(";")) {
            String[] parts = one.split("/");
            all.add(new Series(parts[0], parts[1], parts[2]));
        }
        return all;
    }

    private static Thread started(Runnable body) {
        Thread thread = new Thread(body);
        thread.start();
        return thread;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
