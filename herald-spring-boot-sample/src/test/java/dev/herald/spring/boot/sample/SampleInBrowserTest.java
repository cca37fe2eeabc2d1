package dev.herald.spring.boot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.HubPublisher;
import dev.herald.hub.Update;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sample in a real browser (headless Chromium): alice logs in with the form, publishes news through the
 * controller and places an order, and her page shows the news and her order's private confirmation, never bob's
 * private update. Skipped when Chromium is not installed, except under CI=true, where a missing browser fails the
 * build.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleInBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static WebDriver browser;
    private static Path profile;

    @LocalServerPort
    int port;

    @Autowired
    HubPublisher publisher;

    @BeforeAll
    static void startBrowser() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but Chromium is missing: install chromium and chromium-driver");
        }
        Assumptions.assumeTrue(installed, "Chromium and chromedriver are not installed (apt-get install chromium "
                + "chromium-driver); skipping the browser test");
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
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void aliceSeesTheNewsAndHerOwnOrderButNotBobsPrivateUpdate() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get("http://localhost:" + port + "/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username"))).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("alice");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.id("user"), "alice"));
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Live"));

        browser.findElement(By.id("news-text")).sendKeys("The shop opens at nine");
        browser.findElement(By.id("publish-news")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#updates li[data-kind='news'] .text"), "The shop opens at nine"));

        // Bob's private update goes first: the hub keeps order, so had it been let through to alice's page it
        // would be there before her own confirmation, and no timeout is needed to see that it was not.
        publisher.publish(Update.builder().topic(UserTopics.of("bob"))
                .data("{\"kind\":\"order\",\"user\":\"bob\",\"text\":\"Bob's order is confirmed\"}")
                .privateUpdate(true).build());
        browser.findElement(By.id("order-item")).sendKeys("a cup of tea");
        browser.findElement(By.id("place-order")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#updates li[data-kind='order'][data-user='alice'] .text"), "a cup of tea"));

        assertThat(browser.findElements(By.cssSelector("#updates li[data-user='bob']"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#updates li"))).hasSize(2);
    }
}
