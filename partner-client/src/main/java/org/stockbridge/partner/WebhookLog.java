package org.stockbridge.partner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the partner client applies the webhooks it receives: each new message is appended to {@code webhooks.jsonl} in
 * its store (one JSON line: the {@code webhook-id}, when it was received, and the message) and forced to disk before
 * the receiver answers, and one line saying what it was goes to the standard output. The ids already in the file are
 * read back at start, so a message redelivered after a restart is recognised and not applied twice.
 */
final class WebhookLog {

    static final String FILE = "webhooks.jsonl";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final Clock clock;

    WebhookLog(Path store, Clock clock) throws IOException {
        Files.createDirectories(store);
        this.file = store.resolve(FILE);
        this.clock = clock;
    }

    /** The ids of the messages applied so far, oldest first. */
    List<String> appliedIds() throws IOException {
        List<String> ids = new ArrayList<>();
        if (!Files.exists(file)) {
            return ids;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                ids.add(JSON.readTree(line).path("id").asString());
            }
        }
        return ids;
    }

    /** Appends the message and forces it to disk; fails (so the receiver answers 500 and it comes again) otherwise. */
    synchronized void apply(String id, JsonNode message) {
        ObjectNode line = JSON.createObjectNode();
        line.put("id", id);
        line.put("receivedAt", clock.instant().toString());
        line.set("message", message);
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store webhook " + id, e);
        }
        JsonNode data = message.path("data");
        System.out.println("webhook " + id + ": " + message.path("type").asString("?") + " "
                + data.path("event").asString("") + " " + data.path("condition").asString(""));
    }
}
