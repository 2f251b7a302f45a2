package org.stockbridge.api.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import reactor.core.Disposable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class CoalescedLookupsUnitTests {

    /** A batch query whose batches are answered by the test, in the order the test chooses. */
    private static final class HeldQuery implements CoalescedLookups.BatchQuery<String, String> {

        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<Sinks.One<List<String>>> pending = new CopyOnWriteArrayList<>();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostRunning = new AtomicInteger();

        @Override
        public Mono<List<String>> apply(List<String> keys) {
            batches.add(keys);
            Sinks.One<List<String>> answer = Sinks.one();
            pending.add(answer);
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            return answer.asMono();
        }

        /** Answers batch {@code i}: each key's upper case, none for a key starting with "none". */
        void answer(int i) {
            List<String> answers = new ArrayList<>();
            for (String key : batches.get(i)) {
                answers.add(key.startsWith("none") ? null : key.toUpperCase());
            }
            running.decrementAndGet(); // unanswered queries, the ones the limit counts
            pending.get(i).tryEmitValue(answers);
        }
    }

    private final List<Integer> sizes = new CopyOnWriteArrayList<>();

    private CoalescedLookups<String, String> lookups(CoalescedLookups.BatchQuery<String, String> query, int running,
                                                     int batch, Predicate<Throwable> oneKeys) {
        return lookups(query, new CoalescedLookups.Limits(running, batch, 1_000, Duration.ofSeconds(5)), oneKeys);
    }

    private CoalescedLookups<String, String> lookups(CoalescedLookups.BatchQuery<String, String> query,
                                                     CoalescedLookups.Limits limits,
                                                     Predicate<Throwable> oneKeys) {
        return new CoalescedLookups<>(query, limits, sizes::add, oneKeys, Unavailable::new);
    }

    private static final class Unavailable extends RuntimeException {

        Unavailable(String reason) {
            super(reason);
        }
    }

    @Test
    void a_lone_lookup_runs_at_once_on_its_own() {
        HeldQuery query = new HeldQuery();
        CoalescedLookups<String, String> lookups = lookups(query, 2, 64, error -> true);

        List<String> answered = new CopyOnWriteArrayList<>();
        lookups.get("a").subscribe(answered::add);

        assertThat(query.batches).containsExactly(List.of("a"));
        query.answer(0);
        assertThat(answered).containsExactly("A");
        assertThat(sizes).containsExactly(1);
    }

    @Test
    void lookups_that_arrive_while_the_queries_run_are_answered_together_each_with_its_own_answer() {
        HeldQuery query = new HeldQuery();
        CoalescedLookups<String, String> lookups = lookups(query, 1, 64, error -> true);
        Map<String, List<String>> answers = new ConcurrentHashMap<>();
        for (String key : List.of("a", "b", "none-c", "d")) {
            answers.put(key, new CopyOnWriteArrayList<>());
            lookups.get(key).defaultIfEmpty("(none)").subscribe(answers.get(key)::add);
        }

        assertThat(query.batches).containsExactly(List.of("a"));
        query.answer(0);
        assertThat(query.batches).containsExactly(List.of("a"), List.of("b", "none-c", "d"));
        query.answer(1);

        assertThat(answers).containsEntry("a", List.of("A")).containsEntry("b", List.of("B"))
                .containsEntry("none-c", List.of("(none)")).containsEntry("d", List.of("D"));
        assertThat(sizes).containsExactly(1, 3);
    }

    @Test
    void no_more_queries_run_at_once_than_allowed_and_no_batch_is_larger_than_allowed() {
        HeldQuery query = new HeldQuery();
        CoalescedLookups<String, String> lookups = lookups(query, 2, 3, error -> true);
        List<String> answered = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 10; i++) {
            lookups.get("k" + i).subscribe(answered::add);
        }

        assertThat(query.batches).hasSize(2);
        for (int i = 0; answered.size() < 10; i++) {
            query.answer(i);
            assertThat(query.running.get()).isLessThanOrEqualTo(2);
        }

        assertThat(query.mostRunning.get()).isEqualTo(2);
        assertThat(query.batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(3));
        assertThat(query.batches.stream().flatMap(List::stream)).containsExactlyInAnyOrder(
                "k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");
        assertThat(answered).hasSize(10).allSatisfy(answer -> assertThat(answer).startsWith("K"));
    }

    @Test
    void a_batch_failing_with_one_keys_error_is_run_again_key_by_key_so_only_that_key_fails() {
        CoalescedLookups.BatchQuery<String, String> query = keys -> keys.contains("bad")
                ? Mono.error(new IllegalArgumentException("the database refuses bad"))
                : Mono.just(keys.stream().map(String::toUpperCase).toList());
        HeldQuery first = new HeldQuery();
        CoalescedLookups<String, String> lookups = lookups(
                keys -> keys.equals(List.of("hold")) ? first.apply(keys) : query.apply(keys), 1, 64,
                error -> error instanceof IllegalArgumentException);
        lookups.get("hold").subscribe();
        List<Object> outcomes = new CopyOnWriteArrayList<>();
        for (String key : List.of("good", "bad", "fine")) {
            lookups.get(key).subscribe(outcomes::add, outcomes::add);
        }

        first.answer(0);

        assertThat(outcomes).hasSize(3).contains("GOOD", "FINE")
                .anySatisfy(outcome -> assertThat(outcome).isInstanceOf(IllegalArgumentException.class));
    }

    @Test
    void any_other_error_reaches_every_lookup_of_the_batch_and_the_next_lookups_still_run() {
        AtomicInteger calls = new AtomicInteger();
        HeldQuery first = new HeldQuery();
        CoalescedLookups<String, String> lookups = lookups(keys -> {
            calls.incrementAndGet();
            if (keys.equals(List.of("hold"))) {
                return first.apply(keys);
            }
            return keys.contains("after") ? Mono.just(List.of("AFTER"))
                    : Mono.error(new IllegalStateException("the database is out of reach"));
        }, 1, 64, error -> error instanceof IllegalArgumentException);
        lookups.get("hold").subscribe();
        List<Object> outcomes = new CopyOnWriteArrayList<>();
        lookups.get("x").subscribe(outcomes::add, outcomes::add);
        lookups.get("y").subscribe(outcomes::add, outcomes::add);

        first.answer(0);

        assertThat(outcomes).hasSize(2).allSatisfy(outcome -> assertThat(outcome)
                .isInstanceOf(IllegalStateException.class));
        assertThat(calls.get()).isEqualTo(2);
        assertThat(lookups.get("after").block(Duration.ofSeconds(5))).isEqualTo("AFTER");
    }

    @Test
    void a_query_that_answers_the_wrong_number_of_keys_fails_its_lookups_and_frees_its_place() {
        CoalescedLookups<String, String> lookups = lookups(
                keys -> keys.contains("short") ? Mono.just(List.of()) : Mono.just(List.of("ok")), 1, 64,
                error -> false);

        assertThatThrownBy(() -> lookups.get("short").block(Duration.ofSeconds(5)))
                .hasMessage("a batch query answered 0 of 1 keys");
        assertThat(lookups.get("next").block(Duration.ofSeconds(5))).isEqualTo("ok");
    }

    @Test
    void a_lookup_cancelled_while_it_waits_is_not_queried() {
        HeldQuery query = new HeldQuery();
        CoalescedLookups<String, String> lookups = lookups(query, 1, 64, error -> true);
        lookups.get("running").subscribe();
        Disposable gone = lookups.get("gone").subscribe();
        List<String> answered = new CopyOnWriteArrayList<>();
        lookups.get("stays").subscribe(answered::add);

        gone.dispose();
        query.answer(0);
        query.answer(1);

        assertThat(query.batches).containsExactly(List.of("running"), List.of("stays"));
        assertThat(answered).containsExactly("STAYS");
    }

    @Test
    void a_lookup_that_finds_the_queue_full_is_refused_at_once() {
        HeldQuery query = new HeldQuery();
        CoalescedLookups<String, String> lookups = lookups(query,
                new CoalescedLookups.Limits(1, 64, 2, Duration.ofSeconds(5)), error -> true);
        lookups.get("running").subscribe();
        lookups.get("w1").subscribe();
        lookups.get("w2").subscribe();

        assertThatThrownBy(() -> lookups.get("w3").block(Duration.ofSeconds(1))).isInstanceOf(Unavailable.class)
                .hasMessage("2 lookups are waiting already");
        query.answer(0);
        assertThat(query.batches).containsExactly(List.of("running"), List.of("w1", "w2"));
        query.answer(1);
        lookups.get("w4").subscribe();
        assertThat(query.batches).as("room again once the waiting ones were taken").hasSize(3);
    }

    @Test
    void a_batch_that_does_not_answer_in_time_fails_its_lookups_and_frees_its_place() {
        HeldQuery query = new HeldQuery();
        CoalescedLookups<String, String> lookups = lookups(query,
                new CoalescedLookups.Limits(1, 64, 10, Duration.ofMillis(200)), error -> true);

        assertThatThrownBy(() -> lookups.get("stalled").block(Duration.ofSeconds(5)))
                .isInstanceOf(Unavailable.class).hasMessageContaining("had no answer within");
        List<String> answered = new CopyOnWriteArrayList<>();
        lookups.get("next").subscribe(answered::add);
        // the place is given back just after the failure reaches the caller, on the timer's thread
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> query.batches.size() == 2);
        assertThat(query.batches).containsExactly(List.of("stalled"), List.of("next"));
        query.answer(1);
        assertThat(answered).containsExactly("NEXT");
    }

    @Test
    void the_lookups_of_a_failed_batch_are_run_again_one_at_a_time_within_the_limit() {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        HeldQuery first = new HeldQuery();
        CoalescedLookups<String, String> lookups = lookups(keys -> {
            if (keys.equals(List.of("hold"))) {
                return first.apply(keys);
            }
            return Mono.defer(() -> {
                most.accumulateAndGet(now.incrementAndGet(), Math::max);
                return keys.size() > 1 ? Mono.<List<String>>error(new IllegalArgumentException("one of them"))
                        : Mono.just(List.of(keys.get(0).toUpperCase()));
            }).delayElement(Duration.ofMillis(5))
                    // counted out as it answers, before its caller hears of it (as the limit counts)
                    .doOnNext(answer -> now.decrementAndGet()).doOnError(error -> now.decrementAndGet());
        }, 1, 64, error -> error instanceof IllegalArgumentException);
        lookups.get("hold").subscribe();
        List<Mono<String>> reads = List.of(lookups.get("a"), lookups.get("b"), lookups.get("c"));
        List<String> answered = new CopyOnWriteArrayList<>();
        reads.forEach(read -> read.subscribe(answered::add));

        first.answer(0);

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> answered.size() == 3);
        assertThat(answered).containsExactlyInAnyOrder("A", "B", "C");
        assertThat(most.get()).as("never more queries at once than the limit").isEqualTo(1);
    }
}
