package io.microvx.web;

import io.microvx.testing.Ci;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven through its own chromedriver (never a downloaded browser or driver).
 * When either is missing, {@code scripts/install-chromium} installs them with apt; if that cannot be done
 * the test fails under {@code CI=true} and is skipped, saying why, on a developer's machine.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;

  private Browser(ChromeDriver driver, ChromeDriverService service, Path profile) {
    this.driver = driver;
    this.service = service;
    this.profile = profile;
  }

  /** A fresh headless browser with a window of the given size and a profile of its own. */
  static Browser start(int width, int height) throws IOException {
    ensureInstalled();
    Path profile = Files.createTempDirectory("dashboard-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
      "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "--lang=en-US");
    ChromeDriverService service = new ChromeDriverService.Builder()
      .usingDriverExecutable(CHROMEDRIVER.toFile())
      .usingAnyFreePort()
      .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
    return new Browser(driver, service, profile);
  }

  private static void ensureInstalled() {
    if (installed()) {
      return;
    }
    String why;
    Path script = Path.of(System.getProperty("dashboard.scripts", "scripts"), "install-chromium");
    try {
      Process install = new ProcessBuilder("bash", script.toString()).inheritIO().start();
      boolean done = install.waitFor(10, TimeUnit.MINUTES);
      if (!done) {
        install.destroyForcibly();
      }
      why = done && install.exitValue() == 0 && installed() ? null
        : script + " could not install chromium and chromium-driver (exit " + (done ? install.exitValue() : "timeout") + ")";
    } catch (IOException e) {
      why = "cannot run " + script + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      why = "interrupted installing Chromium";
    }
    Ci.require(why == null, "the browser tests need Debian's chromium and chromedriver: " + why);
  }

  private static boolean installed() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  /**
   * Waits up to 30 s for a condition. Pages redraw rows as the live feed brings changes, so an element found a
   * moment ago may be gone: the condition is tried again rather than failing on it.
   */
  WebDriverWait await() {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  /** The element, once it is on the page and visible. */
  WebElement visible(By by) {
    return await().until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** Closes the browser, then the fixture, either of which may be missing (a start that failed). */
  static void close(Browser browser, DashboardFixture fx) throws IOException {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (fx != null) {
        fx.close();
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      service.stop();
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
