package org.stockbridge.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.r2dbc.BadSqlGrammarException;

class BalanceBatchErrorsUnitTests {

    @Test
    void only_a_postgresql_data_exception_is_taken_for_one_keys_error() {
        // SQLSTATE 22021: a text PostgreSQL cannot store, which one read's bound value can cause
        R2dbcBadGrammarException badByte = new R2dbcBadGrammarException("invalid byte sequence", "22021");
        assertThat(LedgerRepository.dataException(new BadSqlGrammarException("balances", "SELECT", badByte)))
                .isTrue();
        assertThat(LedgerRepository.dataException(badByte)).isTrue();

        assertThat(LedgerRepository.dataException(new BadSqlGrammarException("balances", "SELECT",
                new R2dbcBadGrammarException("relation does not exist", "42P01"))))
                .as("the SQL itself is every key's").isFalse();
        assertThat(LedgerRepository.dataException(new DataAccessResourceFailureException("no connection",
                new R2dbcNonTransientResourceException("connection refused", "08001"))))
                .as("the connection is every key's").isFalse();
        assertThat(LedgerRepository.dataException(new IllegalStateException("no SQLSTATE"))).isFalse();
    }
}
