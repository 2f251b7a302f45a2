package org.stockbridge.api.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.stockbridge.api.ApiIntegrationTest;
import org.stockbridge.batch.forecast.ForecastJobConfiguration;
import org.stockbridge.batch.ingest.Ingestion;
import org.stockbridge.infra.testing.SpringTestDatabase;

/**
 * The dashboard in real headless Chromium (Debian's chromium and chromium-driver) against the running application on
 * a database holding the real reference data, a small synthetic demo stock and real shortage reports. Skipped where no
 * Chromium is installed, unless {@code STOCKBRIDGE_BROWSER_TESTS=required} (as in CI). Screenshots go to
 * {@code -Dstockbridge.screenshots} (default {@code target/screenshots}).
 */
@ApiIntegrationTest
@TestPropertySource(properties = {"stockbridge.reference.load-on-start=true", "stockbridge.demo.enabled=true",
        "stockbridge.demo.days=180", "stockbridge.demo.dispensing-sites=6", "stockbridge.demo.drug-groups=3",
        "stockbridge.forecast.trees=30"})
class DashboardBrowserIntegrationTests {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        SpringTestDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Ingestion ingestion;

    @Autowired
    JobOperator jobs;

    @Autowired
    @Qualifier(ForecastJobConfiguration.JOB)
    Job forecastJob;

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
        Path data = Path.of("..", "data", "real");
        ingestion.ingest(data.resolve("openfda-drug-shortages/drug-shortages-0001-of-0001_2026-03-27.json"), "test");
        ingestion.ingest(data.resolve("dsc-api-search-pages-rdrugshortages/search_page1_limit50.json"), "test");
        ingestion.ingest(data.resolve("dsc-api-search-pages-rdrugshortages/search_page2_limit50.json"), "test");
        JobExecution trained = jobs.start(forecastJob, new JobParametersBuilder().addString("requestedAt", "browser-test")
                .toJobParameters());
        assertThat(trained.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        profile = Files.createTempDirectory("stockbridge-chromium");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1366,1100", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .build(), options);
    }

    /** The pages hold to their Content-Security-Policy: nothing they load or do was refused by it. */
    @AfterEach
    void nothingWasRefusedByTheContentSecurityPolicy() {
        if (browser != null) {
            assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).map(LogEntry::getMessage)
                    .noneMatch(message -> message.contains("Content Security Policy"));
        }
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void signOut() {
        if (browser != null) {
            browser.get(base() + "/app/");
            ((JavascriptExecutor) browser).executeScript("sessionStorage.clear();");
        }
    }

    @Test
    void the_national_view_shows_both_countries_per_group_and_a_map_of_sites_by_days_of_supply() throws Exception {
        signIn("health-official");
        waitFor(By.cssSelector("table.national tbody tr th"));
        List<WebElement> groups = browser.findElements(By.cssSelector("table.national tbody tr"));
        assertThat(groups).hasSizeGreaterThan(3);
        assertThat(browser.findElement(By.cssSelector("table.national")).getText()).contains("days", "pieces");
        assertThat(browser.findElements(By.cssSelector("figure.map circle"))).hasSizeGreaterThanOrEqualTo(24);
        assertThat(browser.findElement(By.cssSelector(".asof")).getText()).startsWith("As of");
        screenshot("national");

        new Select(browser.findElement(By.id("filter-kind"))).selectByValue("PPE");
        browser.findElement(By.cssSelector("form.filters button")).click();
        wait(Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("kind=PPE")
                && !d.findElements(By.cssSelector("table.national tbody tr th")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("table.national")).getText()).contains("N95");
    }

    @Test
    void a_receipt_posted_from_the_site_view_changes_the_level_shown() throws Exception {
        signIn("aspr-manager");
        browser.get(base() + "/app/#/site/SNS-R01?product=PPE-n95");
        waitFor(By.id("receipt-form"));
        long before = onHand("SNS-R01", "PPE-n95");
        WebElement form = browser.findElement(By.id("receipt-form"));
        form.findElement(By.name("product")).sendKeys("PPE-n95");
        form.findElement(By.name("lot")).sendKeys("BROWSER-1");
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = '2031-06-30';",
                form.findElement(By.name("expiry")));
        form.findElement(By.name("quantity")).sendKeys("1200");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("main")).getText().contains("BROWSER-1"));
        assertThat(onHand("SNS-R01", "PPE-n95")).isEqualTo(before + 1200);
        assertThat(rowText("BROWSER-1")).contains("1,200 pieces");
        WebElement stockout = waitFor(By.id("forecast-stockout"));
        assertThat(stockout.getText()).contains("Probability", "Shortfall at p90");
        assertThat(browser.findElement(By.id("forecast-supply-risk")).getText())
                .as("the supply risk names the shortage reports it was computed from")
                .contains("90-day shortage risk, from DSC reports up to 2024-12-24");
        String demand = browser.findElement(By.id("forecast-demand")).getText();
        screenshot("site");
        WebElement whatIf = browser.findElement(By.id("what-if"));
        WebElement multiplier = whatIf.findElement(By.name("multiplier"));
        multiplier.clear();
        multiplier.sendKeys("3");
        whatIf.findElement(By.cssSelector("button[type=submit]")).click();
        wait(Duration.ofSeconds(60)).until(d -> !d.findElements(By.id("forecast-demand")).isEmpty()
                && !d.findElement(By.id("forecast-demand")).getText().equals(demand));

        WebElement issue = browser.findElement(By.id("issue-form"));
        issue.findElement(By.name("product")).sendKeys("PPE-n95");
        issue.findElement(By.name("quantity")).sendKeys("999999999");
        issue.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement status = wait(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(
                By.id("form-status")));
        assertThat(status.getText()).startsWith("Refused:").contains("missing");
        assertThat(onHand("SNS-R01", "PPE-n95")).isEqualTo(before + 1200);
    }

    @Test
    void an_action_the_user_may_not_take_is_not_offered_and_is_refused_if_forced() {
        signIn("health-official");
        browser.get(base() + "/app/#/site/SNS-R01");
        waitFor(By.id("no-actions"));
        assertThat(browser.findElements(By.id("receipt-form"))).isEmpty();
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/api/v1/movements', {method: 'POST', headers: {'Content-Type': 'application/json',
                  'Idempotency-Key': crypto.randomUUID(),
                  'Authorization': 'Bearer ' + sessionStorage.getItem('stockbridge.token')},
                  body: JSON.stringify({site: 'SNS-R01', product: 'PPE-n95', type: 'RECEIPT', quantity: 5,
                    lot: {number: 'FORCED-1', expiry: '2031-01-01'}})}).then(r => done(r.status));""");
        assertThat(((Number) status).intValue()).isEqualTo(403);

        signIn("phac-manager");
        browser.get(base() + "/app/#/site/SNS-R01");
        waitFor(By.id("no-actions"));
        assertThat(browser.findElement(By.id("no-actions")).getText()).contains("only in your own jurisdiction");
    }

    @Test
    void the_shortages_view_lists_reports_of_both_countries_and_a_reports_version_history() throws Exception {
        signIn("health-official");
        browser.get(base() + "/app/#/shortages?lifecycle=ACTIVE,ANTICIPATED,RESOLVED,DISCONTINUED,TO_BE_DISCONTINUED");
        waitFor(By.cssSelector("section[aria-labelledby=reports-title] tbody tr th a"));
        assertThat(browser.findElements(By.cssSelector("section[aria-labelledby=reports-title] tbody td:nth-child(3)")))
                .extracting(WebElement::getText).contains("FDA");
        assertThat(browser.findElement(By.id("shortage-freshness")).getText()).startsWith("Sources: DSC reports up to ")
                .contains("FDA list of 2026-03-27");
        List<String> updated = browser.findElements(By.cssSelector(
                        "section[aria-labelledby=reports-title] tbody td:nth-child(10)")).stream()
                .map(WebElement::getText).filter(day -> !day.equals("—")).toList();
        assertThat(updated).as("newest first by the last update at the source").isNotEmpty()
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        new Select(browser.findElement(By.id("shortage-country"))).selectByValue("CA");
        browser.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        wait(Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("country=CA") && d.findElement(
                By.cssSelector("section[aria-labelledby=reports-title] table")).getText().contains("DSC"));
        assertThat(browser.findElements(By.cssSelector("section[aria-labelledby=reports-title] tbody td:nth-child(3)")))
                .extracting(WebElement::getText).isNotEmpty().containsOnly("DSC");
        browser.findElement(By.cssSelector("section[aria-labelledby=reports-title] tbody tr th a")).click();
        waitFor(By.cssSelector(".detail ol.versions li"));
        assertThat(browser.findElement(By.cssSelector(".detail")).getText()).contains("Versions", "Status");
        assertThat(browser.findElement(By.id("report-freshness")).getText()).startsWith("DSC reports up to ");
        waitFor(By.cssSelector("table.risk tbody tr td"));
        assertThat(browser.findElements(By.cssSelector("table.risk tbody tr"))).hasSizeGreaterThan(5);
        assertThat(browser.findElements(By.cssSelector("table.risk tbody td.history"))).extracting(WebElement::getText)
                .as("each score says whether and when its ingredient was reported before")
                .anyMatch(t -> t.matches("[0-9,]+ reports?, last 20[0-9]{2}-[0-9]{2}-[0-9]{2}"));
        assertThat(browser.findElement(By.id("risk-freshness")).getText())
                .as("the risk is computed from the DSC history the model read, not from the reports stored here")
                .startsWith("Computed from: DSC reports up to 2024-12-24 — DSC (CA): ").contains("24,862 reports")
                .doesNotContain("FDA");
        screenshot("shortages");
    }

    @Test
    void an_approval_from_each_country_moves_a_cross_border_transfer_to_its_next_state() throws Exception {
        long id = recommendedTransfer("SNS-R01", "NESS-NAT", "PPE-n95", 100);
        signIn("health-official");
        browser.get(base() + "/app/#/transfers");
        waitFor(By.cssSelector("tr[data-transfer='" + id + "']"));
        assertThat(transferRow(id).getText()).contains("none for you");
        assertThat(transferRow(id).findElements(By.cssSelector("button.approve"))).isEmpty();

        signIn("aspr-manager");
        browser.get(base() + "/app/#/transfers");
        waitFor(By.cssSelector("tr[data-transfer='" + id + "'] button.approve")).click();
        wait(Duration.ofSeconds(30)).until(d -> transferRow(id).getText().contains("US ✓")
                && transferRow(id).findElements(By.cssSelector("button.approve")).isEmpty());
        assertThat(transferState(id)).isEqualTo("RECOMMENDED");
        assertThat(transferRow(id).getText()).contains("CA pending");

        signIn("phac-manager");
        browser.get(base() + "/app/#/transfers");
        waitFor(By.cssSelector("tr[data-transfer='" + id + "'] button.approve")).click();
        wait(Duration.ofSeconds(30)).until(d -> transferRow(id).getText().contains("approved"));
        assertThat(transferState(id)).isEqualTo("APPROVED");
        assertThat(transferRow(id).findElements(By.cssSelector("button.dispatch")))
                .as("only the sending country's manager dispatches").isEmpty();

        signIn("aspr-manager");
        browser.get(base() + "/app/#/transfers");
        long before = onHand("SNS-R01", "PPE-n95");
        waitFor(By.cssSelector("tr[data-transfer='" + id + "'] button.dispatch")).click();
        wait(Duration.ofSeconds(30)).until(d -> transferRow(id).getText().contains("dispatched"));
        assertThat(transferState(id)).isEqualTo("DISPATCHED");
        assertThat(onHand("SNS-R01", "PPE-n95")).isEqualTo(before - 100);
        screenshot("transfers-workflow");
    }

    @Test
    void the_transfers_view_recommends_transfers_and_compares_a_what_if_scenario() throws Exception {
        signIn("health-official");
        browser.get(base() + "/app/#/transfers");
        waitFor(By.id("recommend-form")).findElement(By.cssSelector("button[type=submit]")).click();
        WebElement status = wait(Duration.ofSeconds(120)).until(ExpectedConditions.presenceOfElementLocated(
                By.id("solver-status")));
        assertThat(status.getText()).contains("Solver", "optimal", "p90");
        assertThat(browser.findElement(By.id("recommendation-results")).getText()).contains("Shortfall");
        assertThat(browser.findElements(By.id("save-recommendations"))).as("a reader cannot save transfers").isEmpty();
        scrollTo("recommend-title");
        screenshot("transfers");

        WebElement scenario = browser.findElement(By.id("scenario-form"));
        scenario.findElement(By.name("surgeRegion")).sendKeys("HHS-1");
        WebElement multiplier = scenario.findElement(By.name("multiplier"));
        multiplier.clear();
        multiplier.sendKeys("4");
        scenario.findElement(By.id("run-scenario")).click();
        WebElement compared = wait(Duration.ofSeconds(180)).until(d -> {
            List<WebElement> tables = d.findElements(By.cssSelector("#scenario-results table"));
            return tables.isEmpty() ? null : tables.get(0);
        });
        assertThat(compared.getText()).contains("Today", "Scenario", "Unmet (units)");
        scrollTo("whatif-title");
        screenshot("transfers-what-if");
    }

    @Test
    void swagger_ui_shows_the_api_document_within_its_content_security_policy() {
        browser.get(base() + "/swagger-ui.html");
        waitFor(By.cssSelector(".opblock"));
        assertThat(browser.findElements(By.cssSelector(".opblock"))).hasSizeGreaterThan(20);
        browser.findElement(By.cssSelector(".opblock-summary")).click();
        waitFor(By.cssSelector(".opblock-body"));
    }

    private long recommendedTransfer(String from, String to, String product, long quantity) {
        Long id = jdbc.queryForObject("""
                INSERT INTO transfer (from_site_id, to_site_id, product_id, lot_id, quantity, packs, pack_size,
                                      cross_border, approvals_required, explanation, created_by)
                SELECT f.id, t.id, p.id, b.lot_id, ?, ?, 1, f.jurisdiction <> t.jurisdiction,
                       CASE WHEN f.jurisdiction <> t.jurisdiction THEN ARRAY['US', 'CA'] ELSE ARRAY[f.jurisdiction] END,
                       jsonb_build_object('covers', 'a projected shortfall of ' || ? || ' pieces at ' || t.code,
                                          'whyDonor', f.code || ' holds a surplus above its safety stock',
                                          'whyLot', 'the lot that expires first among those eligible',
                                          'bindingConstraints', jsonb_build_array(), 'unmet', ''),
                       'browser-test'
                FROM site f, site t, product p
                JOIN LATERAL (SELECT lot_id FROM balance WHERE site_id = (SELECT id FROM site WHERE code = ?)
                              AND product_id = p.id AND on_hand >= ? ORDER BY lot_id LIMIT 1) b ON true
                WHERE f.code = ? AND t.code = ? AND p.code = ?
                RETURNING id""", Long.class, quantity, quantity, quantity, from, quantity, from, to, product);
        assertThat(id).isNotNull();
        return id;
    }

    private void scrollTo(String id) {
        ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).scrollIntoView();", id);
    }

    private String transferState(long id) {
        return jdbc.queryForObject("SELECT state FROM transfer WHERE id = ?", String.class, id);
    }

    private WebElement transferRow(long id) {
        return browser.findElement(By.cssSelector("tr[data-transfer='" + id + "']"));
    }

    private void signIn(String client) {
        browser.get(base() + "/app/");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear();");
        browser.navigate().refresh();
        waitFor(By.id("demo-client"));
        new Select(browser.findElement(By.id("demo-client"))).selectByValue(client);
        browser.findElement(By.id("sign-in")).click();
        wait(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("who")).getText().contains(client));
    }

    private String rowText(String lot) {
        return browser.findElements(By.cssSelector("section[aria-labelledby=stock-title] tbody tr")).stream()
                .map(WebElement::getText).filter(t -> t.contains(lot)).findFirst().orElse("");
    }

    private long onHand(String site, String product) {
        Long total = jdbc.queryForObject("SELECT coalesce(sum(b.on_hand), 0) FROM balance b JOIN site s ON s.id = "
                + "b.site_id JOIN product p ON p.id = b.product_id WHERE s.code = ? AND p.code = ?", Long.class, site,
                product);
        return total == null ? 0 : total;
    }

    private WebElement waitFor(By locator) {
        return wait(Duration.ofSeconds(60)).until(ExpectedConditions.presenceOfElementLocated(locator));
    }

    private WebDriverWait wait(Duration timeout) {
        // A view re-renders after an action: an element found a moment ago may be replaced; look again.
        WebDriverWait wait = new WebDriverWait(browser, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private void screenshot(String name) throws Exception {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 2000));
        Thread.sleep(300);
        Path directory = Path.of(System.getProperty("stockbridge.screenshots", "target/screenshots"));
        Files.createDirectories(directory);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), directory.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1366, 1100));
    }

    private String base() {
        return "http://localhost:" + port;
    }

}
