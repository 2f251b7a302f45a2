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

    @Test
    void a_lone_lookup_runs_at_once_on_its_own() {
        HeldQuery query = new HeldQuery();
        CoalescedLookups<String, String> lookups = new CoalescedLookups<>(query, 2, 64, sizes::add, error -> true);

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
        CoalescedLookups<String, String> lookups = new CoalescedLookups<>(query, 1, 64, sizes::add, error -> true);
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
        CoalescedLookups<String, String> lookups = new CoalescedLookups<>(query, 2, 3, sizes::add, error -> true);
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
        CoalescedLookups<String, String> lookups = new CoalescedLookups<>(
                keys -> keys.equals(List.of("hold")) ? first.apply(keys) : query.apply(keys), 1, 64, sizes::add,
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
        CoalescedLookups<String, String> lookups = new CoalescedLookups<>(keys -> {
            calls.incrementAndGet();
            if (keys.equals(List.of("hold"))) {
                return first.apply(keys);
            }
            return keys.contains("after") ? Mono.just(List.of("AFTER"))
                    : Mono.error(new IllegalStateException("the database is out of reach"));
        }, 1, 64, sizes::add, error -> error instanceof IllegalArgumentException);
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
        CoalescedLookups<String, String> lookups = new CoalescedLookups<>(
                keys -> keys.contains("short") ? Mono.just(List.of()) : Mono.just(List.of("ok")), 1, 64, sizes::add,
                error -> false);

        assertThatThrownBy(() -> lookups.get("short").block(Duration.ofSeconds(5)))
                .hasMessage("a batch query answered 0 of 1 keys");
        assertThat(lookups.get("next").block(Duration.ofSeconds(5))).isEqualTo("ok");
    }
}
