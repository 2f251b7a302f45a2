package org.stockbridge.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.stockbridge.infra.testing.DatabaseTest;

/**
 * The whole application on a random port over a database of the test class's own, without the start-up data loads,
 * with the local token issuer on and the national summary's rollup off (a test reads what it just posted; the rollup's
 * own tests turn it on); the test client carries an administrator's token (see {@link TestSecurity}).
 * The class still declares a {@code @DynamicPropertySource} calling {@code SpringTestDatabase.register}, which keeps
 * its Spring context (and so its database) its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@DatabaseTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"stockbridge.reference.load-on-start=false", "stockbridge.demo.enabled=false",
                "stockbridge.shortages.load-on-start=false",
                "stockbridge.forecast.train-on-start=false", "stockbridge.forecast.schedule=-",
                "stockbridge.security.local-issuer.enabled=true",
                "stockbridge.security.local-issuer.key-file=${java.io.tmpdir}/stockbridge-test-local-issuer.json",
                "stockbridge.security.rate-limit.requests-per-second=1000000",
                "stockbridge.stock.summary-refresh=0s"})
@Import(TestSecurity.class)
@AutoConfigureWebTestClient(timeout = "PT60S")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public @interface ApiIntegrationTest {
}
