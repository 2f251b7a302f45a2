package org.stockbridge.api;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Waits for the change feed's sequencer, which numbers committed changes a moment after they commit (and none while
 * a transaction older than them runs anywhere on the server): a test that reads the feed's head or follows it to the
 * head must first let every change it made get its position.
 */
final class FeedPositions {

    private FeedPositions() {
    }

    /** The feed head once every committed change has its position; fails after a minute. */
    static long awaitAllPositioned(JdbcTemplate jdbc) {
        for (int attempt = 0; attempt < 600; attempt++) {
            Long waiting = jdbc.queryForObject("SELECT count(*) FROM change_event WHERE position IS NULL", Long.class);
            if (waiting != null && waiting == 0) {
                return jdbc.queryForObject("SELECT coalesce(max(position), 0) FROM change_event", Long.class);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the feed's sequencer", e);
            }
        }
        throw new AssertionError("the sequencer gave no positions to the changes waiting for one within a minute");
    }
}
