package org.stockbridge.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The partner client against a feed whose newest changes are all of sites the partner may not see: the server answers
 * an empty page whose cursor has moved to the head, and the client must take that cursor instead of asking again.
 * The feed here answers a second request from the same cursor with an error, so a client that does not move fails
 * at once instead of asking for ever.
 */
class PartnerClientUnitTests {

    private final List<String> asked = new CopyOnWriteArrayList<>();
    private HttpServer feed;

    @BeforeEach
    void startFeed() throws IOException {
        feed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        feed.createContext("/api/v1/changes", this::answer);
        feed.start();
    }

    @AfterEach
    void stopFeed() {
        feed.stop(0);
    }

    /** Positions 4 to 7 exist but are of other sites: from 3 the page is empty and its cursor is the head, 7. */
    private void answer(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        long after = Long.parseLong(query.replaceAll(".*\\bafter=(\\d+).*", "$1"));
        boolean again = asked.contains("after=" + after);
        asked.add("after=" + after);
        int status = again ? 400 : 200;
        String body = again ? "asked again after " + after + ": the cursor did not move"
                : "{\"items\":[],\"after\":" + Math.max(after, 7) + ",\"head\":7}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void a_client_whose_sites_have_no_new_changes_takes_the_cursor_of_the_empty_page_and_has_caught_up(
            @TempDir Path store) throws Exception {
        Files.writeString(store.resolve("state.json"), """
                {"after":3,"bootstrapHead":3,"duplicates":0,
                 "balances":{"SNS-R01|DIN-02240285|S-1":{"onHand":500,"version":1}},"policies":{},"movements":[]}""");
        PartnerClient client = new PartnerClient("http://127.0.0.1:" + feed.getAddress().getPort(),
                new TokenSource.Fixed("token"), store);

        assertThat(client.run(true)).isZero();

        assertThat(asked).containsExactly("after=3");
        var state = JsonMapper.builder().build().readTree(Files.readString(store.resolve("state.json")));
        assertThat(state.get("after").asLong()).as("the saved cursor").isEqualTo(7);
        assertThat(state.get("balances").get("SNS-R01|DIN-02240285|S-1").get("onHand").asLong()).isEqualTo(500);
    }

    @Test
    void a_client_following_without_end_moves_its_cursor_past_the_changes_it_may_not_see(@TempDir Path store)
            throws Exception {
        Files.writeString(store.resolve("state.json"), """
                {"after":3,"bootstrapHead":3,"duplicates":0,"balances":{},"policies":{},"movements":[]}""");
        PartnerClient client = new PartnerClient("http://127.0.0.1:" + feed.getAddress().getPort(),
                new TokenSource.Fixed("token"), store);

        assertThat(catchThrowable(() -> client.run(false)))
                .as("the feed refuses the third request, from 7 again, which ends the follower")
                .isInstanceOf(IOException.class).hasMessageContaining("asked again after 7");

        assertThat(asked).containsExactly("after=3", "after=7", "after=7");
        var state = JsonMapper.builder().build().readTree(Files.readString(store.resolve("state.json")));
        assertThat(state.get("after").asLong()).isEqualTo(7);
    }
}
