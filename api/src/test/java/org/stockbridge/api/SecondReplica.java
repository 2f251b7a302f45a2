package org.stockbridge.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.infra.database.DatabaseEndpoint;
import org.stockbridge.infra.testing.TestDatabaseExtension;

/**
 * Another instance of the service (its own Spring context, connection pools, sequencer and schedules) over the
 * database of the running test class, as a second replica behind a load balancer would be. It trusts the tokens of the
 * test context's local issuer (same key file as {@link ApiIntegrationTest}).
 */
final class SecondReplica implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private SecondReplica(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts a replica; {@code extraArguments} are further {@code --name=value} settings. */
    static SecondReplica start(String... extraArguments) {
        DatabaseEndpoint endpoint = TestDatabaseExtension.currentEndpoint();
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--stockbridge.db.url=" + endpoint.jdbcUrl(),
                "--stockbridge.db.username=" + endpoint.username(),
                "--stockbridge.db.password=" + (endpoint.password() == null ? "" : endpoint.password()),
                "--stockbridge.reference.load-on-start=false",
                "--stockbridge.demo.enabled=false",
                "--stockbridge.shortages.load-on-start=false",
                "--stockbridge.forecast.train-on-start=false",
                "--stockbridge.forecast.schedule=-",
                "--stockbridge.security.local-issuer.enabled=true",
                "--stockbridge.security.local-issuer.key-file=" + System.getProperty("java.io.tmpdir")
                        + "/stockbridge-test-local-issuer.json",
                "--stockbridge.security.rate-limit.requests-per-second=1000000"));
        arguments.addAll(List.of(extraArguments));
        return new SecondReplica(new SpringApplicationBuilder(StockbridgeApplication.class)
                .run(arguments.toArray(String[]::new)));
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    /** A client of this replica carrying the given bearer token. */
    WebTestClient client(String token) {
        String port = context.getEnvironment().getProperty("local.server.port");
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(60))
                .defaultHeader("Authorization", "Bearer " + token).build();
    }

    @Override
    public void close() {
        context.close();
    }
}
