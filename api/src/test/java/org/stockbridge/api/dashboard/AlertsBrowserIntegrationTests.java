package org.stockbridge.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.stockbridge.api.ApiIntegrationTest;
import org.stockbridge.api.CatalogueFixture;
import org.stockbridge.api.security.LocalTokenIssuer;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * The dashboard's alerts in real headless Chromium: the bell in the navigation shows the signed-in client's unread
 * count, the alerts view lists the alerts newest first with their evidence, and marking one read, then all, brings the
 * count down. The alerts are raised the real way: a subscription, then stock policies the stock is below. Skipped
 * where no Chromium is installed, unless {@code STOCKBRIDGE_BROWSER_TESTS=required} (as in CI).
 */
@ApiIntegrationTest
@TestPropertySource(properties = {"stockbridge.alerts.evaluator-interval=PT0.1S"})
class AlertsBrowserIntegrationTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String US = "NDC-23155-601";
    private static final String CA = "DIN-02240285";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    WebTestClient web;

    @Autowired
    LocalTokenIssuer issuer;

    private WebDriver browser;
    private Path profile;

    @BeforeAll
    void startBrowser() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "required".equals(System.getenv("STOCKBRIDGE_BROWSER_TESTS"))) {
            throw new IllegalStateException("browser tests are required but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing (apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(present, "no Chromium here: browser tests skipped (apt-get install chromium chromium-driver)");
        new CatalogueFixture(jdbc).load();
        profile = Files.createTempDirectory("stockbridge-chromium");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1366,1100", "--user-data-dir=" + profile);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .build(), options);
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void the_bell_counts_unread_alerts_and_marking_one_then_all_read_brings_it_to_nothing() throws Exception {
        String token = issuer.mint("alert-watcher", List.of("read"), "US CA", null, null, Duration.ofHours(1));
        web.post().uri("/api/v1/subscriptions").header("Authorization", "Bearer " + token)
                .bodyValue(Map.of("name", "Ottawa", "events", List.of("STOCK_BELOW_POLICY"),
                        "sites", List.of("NESS-NAT"), "products", List.of(US, CA)))
                .exchange().expectStatus().isCreated();
        policy("NESS-NAT", US, 1, 10);
        policy("NESS-NAT", CA, 1, 10);
        waitForAlerts(2);

        browser.get(base() + "/app/");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.setItem('stockbridge.token', arguments[0]);",
                token);
        browser.navigate().refresh();
        wait(Duration.ofSeconds(30)).until(d -> "2".equals(badge().getText()));
        assertThat(browser.findElement(By.id("alerts-link")).getAttribute("aria-label")).isEqualTo("Alerts, 2 unread");

        browser.findElement(By.id("alerts-link")).click();
        wait(Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("table.alerts tbody tr.unread")).size() == 2);
        List<WebElement> rows = browser.findElements(By.cssSelector("table.alerts tbody tr"));
        assertThat(rows.get(0).getText()).contains("Stock below policy", "NESS-NAT/" + CA, "raised",
                "reorder point 10");
        assertThat(rows.get(1).getText()).contains("NESS-NAT/" + US);
        assertThat(browser.findElement(By.id("unread-count")).getText()).isEqualTo("2 unread");
        screenshot("alerts");

        rows.get(0).findElement(By.cssSelector("button.mark-read")).click();
        wait(Duration.ofSeconds(30)).until(d -> "1".equals(badge().getText())
                && d.findElements(By.cssSelector("table.alerts tbody tr.unread")).size() == 1);
        assertThat(browser.findElement(By.cssSelector("table.alerts tbody tr")).getAttribute("class")).isEqualTo("read");

        browser.findElement(By.id("mark-all-read")).click();
        wait(Duration.ofSeconds(30)).until(d -> "0".equals(badge().getAttribute("data-count"))
                && d.findElements(By.cssSelector("table.alerts tbody tr.unread")).isEmpty());
        assertThat(badge().isDisplayed()).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM alert WHERE owner = 'alert-watcher' AND read_at IS NULL",
                Long.class)).isZero();
    }

    /** Saves the page to {@code -Dstockbridge.screenshots} (default {@code target/screenshots}) as the docs show it. */
    private void screenshot(String name) throws Exception {
        Path directory = Path.of(System.getProperty("stockbridge.screenshots", "target/screenshots"));
        Files.createDirectories(directory);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), directory.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private WebElement badge() {
        return browser.findElement(By.id("alert-badge"));
    }

    /** Sets a stock policy as the test client's administrator. */
    private void policy(String site, String product, long safety, long reorder) {
        web.put().uri("/api/v1/sites/{s}/products/{p}/policy", site, product)
                .bodyValue(Map.of("safetyStock", safety, "reorderPoint", reorder)).exchange()
                .expectStatus().isCreated();
    }

    private void waitForAlerts(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (jdbc.queryForObject("SELECT count(*) FROM alert WHERE owner = 'alert-watcher'", Long.class) < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + count + " alerts");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private WebDriverWait wait(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private String base() {
        return "http://localhost:" + port;
    }
}
