package dev.herald.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The hub's page in a real browser (headless Chromium): subscribe with EventSource, publish from the form and
 * from Java, and watch the updates and the hub's figures appear. Skipped when Chromium is not installed, except
 * under CI=true, where a missing browser fails the build.
 */
class PageInBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static TestHub hub;
    private static WebDriver browser;
    private static Path profile;

    @BeforeAll
    static void start() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but Chromium is missing: install chromium and chromium-driver");
        }
        Assumptions.assumeTrue(installed, "Chromium and chromedriver are not installed (apt-get install chromium "
                + "chromium-driver); skipping the browser test");
        hub = HubFixture.start(HubFixture.builder());
        profile = Files.createTempDirectory("herald-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (hub != null) {
            hub.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void subscribePublishAndWatchUpdatesArrive() {
        String topic = "https://example.com/books/1";
        browser.get(hub.url().replace("/.well-known/mercure", "/"));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));

        WebElement topics = browser.findElement(By.id("topics"));
        topics.clear();
        topics.sendKeys(topic);
        browser.findElement(By.id("subscribe")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("subscribe-status"), "Subscribed"));

        browser.findElement(By.id("publish-topic")).clear();
        browser.findElement(By.id("publish-topic")).sendKeys(topic);
        browser.findElement(By.id("publish-data")).clear();
        browser.findElement(By.id("publish-data")).sendKeys("{\"title\":\"From the browser\"}");
        browser.findElement(By.id("publish-token")).sendKeys(HubFixture.PUBLISHER);
        browser.findElement(By.id("publish")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("publish-status"), "Published urn:uuid:"));
        String id = browser.findElement(By.id("publish-status")).getText().replace("Published ", "").trim();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#events li[data-id='" + id + "']")));
        assertThat(browser.findElement(By.cssSelector("#events li[data-id='" + id + "'] .data")).getText())
                .isEqualTo("{\"title\":\"From the browser\"}");

        String fromJava = hub.publish(Update.of(topic, "published from Java"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#events li[data-id='" + fromJava + "']")));
        List<WebElement> events = browser.findElements(By.cssSelector("#events li"));
        assertThat(events).hasSize(2);

        wait.until(ExpectedConditions.textToBe(By.id("stat-subscribers"), "1"));
        wait.until(driver -> Integer.parseInt(driver.findElement(By.id("stat-publishes")).getText()) >= 2);
    }
}
