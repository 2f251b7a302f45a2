package org.stockbridge.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/**
 * A database that cannot answer is a 503 with Retry-After whose detail says why: a lost connection, or a read the
 * service refused because too many waited for the database or its answer did not come in time (the balance reads'
 * batching, {@code CoalescedLookups}).
 */
class ProblemDetailsHandlerUnitTests {

    private final ProblemDetailsHandler handler = new ProblemDetailsHandler();
    private final MockServerWebExchange exchange = MockServerWebExchange.from(
            MockServerHttpRequest.get("/api/v1/sites/S/products/P/lots/L/balance"));

    @ParameterizedTest
    @ValueSource(strings = {"10000 lookups are waiting already", "a batch of 5 lookups had no answer within PT30S"})
    void a_read_refused_or_timed_out_in_its_batch_is_a_503_that_does_not_speak_of_a_lost_connection(String reason) {
        // as LedgerRepository makes the batching's refusals
        ResponseEntity<ProblemDetail> response = handler.databaseDown(new DataAccessResourceFailureException(
                "balance reads cannot be answered now: " + reason), exchange);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(response.getBody().getType()).isEqualTo(Problems.SERVICE_UNAVAILABLE);
        assertThat(response.getBody().getDetail()).contains("cannot answer now").doesNotContain("connection");
    }

    @Test
    void a_lost_connection_is_a_503_that_says_so() {
        ResponseEntity<ProblemDetail> response = handler.databaseDown(new DataAccessResourceFailureException(
                "failed", new R2dbcNonTransientResourceException("Connection closed")), exchange);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(response.getBody().getDetail()).contains("connection was lost");
    }

    @Test
    void a_statement_the_server_cancelled_past_its_timeout_is_a_503_that_does_not_speak_of_a_lost_connection() {
        // as the driver reports a statement cancelled by statement_timeout (SQLState 57014), through Spring and bare
        R2dbcNonTransientResourceException cancelled = new R2dbcNonTransientResourceException(
                "canceling statement due to statement timeout", "57014");
        for (Exception e : List.of(new DataAccessResourceFailureException("failed", cancelled), cancelled)) {
            ResponseEntity<ProblemDetail> response = e instanceof DataAccessResourceFailureException down
                    ? handler.databaseDown(down, exchange) : handler.unexpected(e, exchange);

            assertThat(response.getStatusCode().value()).isEqualTo(503);
            assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            assertThat(response.getBody().getDetail()).contains("cannot answer now").doesNotContain("connection");
        }
    }
}
