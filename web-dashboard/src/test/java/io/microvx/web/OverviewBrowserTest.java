package io.microvx.web;

import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.microvx.service.MicroService;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overview in a real browser (Debian's Chromium, headless): a greeter under load shows requests/s and
 * draws its sparklines, the call graph shows who calls it, a node that stops answering is marked on the
 * overview and on the services list, and the publish form delivers to a subscriber. Saves the overview's
 * screenshot docs/dashboard.md shows. The dashboard samples every 300 ms here.
 */
class OverviewBrowserTest {

  /** What the archive subscriber took. */
  static final List<String> archived = new CopyOnWriteArrayList<>();

  public static class Archive {
    public void take(JsonObject letter) {
      archived.add(letter.getString("to", ""));
    }
  }

  private static DashboardFixture fx;
  private static Browser browser;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.start(1280, 1000);
    driver = browser.driver;
    fx = new DashboardFixture();
    fx.service("greeter", b -> b.handler(new Greeting.Say()));
    fx.service("archive", b -> b.subscriber("letters", new Archive()));
    MicroService frontend = fx.service("frontend", b -> { });
    fx.start(new WebDashboardOptions().setOverviewInterval(Duration.ofMillis(300)));
    fx.awaitListed("greeter");
    fx.awaitListed("archive");
    fx.awaitListed("frontend");
    // the frontend calls the greeter every 25 ms for as long as the test runs
    long timer = fx.vertx.setPeriodic(25, id -> frontend.client()
      .call("greeter", "Say.Hello", new Greeting.Request("Ada"), Greeting.Response.class));
    fx.onClose(() -> fx.vertx.cancelTimer(timer));
  }

  @AfterAll
  static void stop() throws Exception {
    Browser.close(browser, fx);
  }

  private static WebDriverWait await() {
    return browser.await();
  }

  private static WebElement visible(By by) {
    return browser.visible(by);
  }

  /** How many pixels of the chart's canvas are painted. */
  private static long paintedPixels(WebElement spark) {
    Object count = driver.executeScript("""
      const canvas = arguments[0].querySelector('canvas');
      if (!canvas) return 0;
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      return painted;""", spark);
    return ((Number) count).longValue();
  }

  @Test
  void theGreeterUnderLoadShowsItsTrafficSparklinesAndCaller() throws Exception {
    driver.get(fx.base() + "/");
    WebElement rps = visible(By.cssSelector("tr[data-service='greeter'] td[data-signal='rps']"));
    await().until(d -> rps.getText().matches("(?s).*\\d+(\\.\\d+)?/s.*"));
    WebElement spark = rps.findElement(By.cssSelector(".spark"));
    await().until(d -> Integer.parseInt(spark.getAttribute("data-points")) >= 3);
    assertThat(paintedPixels(spark)).as("the line is drawn").isPositive();
    WebElement latency = driver.findElement(By.cssSelector("tr[data-service='greeter'] td[data-signal='latency']"));
    await().until(d -> latency.getText().contains("ms"));
    assertThat(driver.findElement(By.cssSelector("tr[data-service='greeter']")).getText()).contains("1 of 1 up");

    // the graph is drawn afresh each round: found again for each look
    By edge = By.cssSelector("svg.call-graph g.edge[data-from='frontend'][data-to='greeter']");
    visible(edge);
    await().until(d -> d.findElement(edge).getText().matches("\\d+(\\.\\d+)?/s"));

    // the nodes under the service: address, health, what the frontend's selector sees
    driver.findElement(By.cssSelector("tr[data-service='greeter'] button[aria-expanded]")).click();
    WebElement node = visible(By.cssSelector("tr.node-row"));
    await().until(d -> node.getText().contains("1 caller"));
    assertThat(node.getText()).contains("up").contains("in flight");

    Path screenshot = Path.of(System.getProperty("dashboard.screenshot", "target/dashboard.png"))
      .resolveSibling("dashboard-overview.png");
    Files.createDirectories(screenshot.getParent());
    driver.manage().window().setSize(new Dimension(1280, 1400));
    driver.executeScript("window.scrollTo(0, 0)");
    Files.write(screenshot, driver.getScreenshotAs(OutputType.BYTES));
    driver.manage().window().setSize(new Dimension(1280, 1000));
  }

  @Test
  void aNodeThatStopsAnsweringIsMarkedOnTheOverviewAndTheServicesList() {
    driver.get(fx.base() + "/");
    visible(By.cssSelector("tr[data-service='archive']"));
    // what a killed process leaves: its registration, at an address nothing answers
    Service archive = Await.result(fx.registry.getService("archive")).get(0);
    Await.result(fx.registry.register(archive.withNodes(List.of(new Node("archive-killed", "127.0.0.1:1")))));
    try {
      await().until(d -> d.findElement(By.cssSelector("tr[data-service='archive']")).getText().contains("1 of 2 down"));
      assertThat(driver.findElement(By.cssSelector("tr[data-service='archive']")).getAttribute("class")).contains("unhealthy");

      driver.get(fx.base() + "/services");
      await().until(d -> d.findElement(By.cssSelector("tr[data-service='archive']")).getText().contains("1 down"));
      assertThat(driver.findElement(By.cssSelector("tr[data-service='greeter']")).getText()).doesNotContain("down");
    } finally {
      Await.result(fx.registry.deregister(archive.withNodes(List.of(new Node("archive-killed", "127.0.0.1:1")))));
    }
  }

  @Test
  void thePublishFormDeliversToTheSubscriberAndTheTopicIsListed() {
    driver.get(fx.base() + "/");
    WebElement letters = visible(By.cssSelector("tr[data-topic='letters']"));
    assertThat(letters.getText()).contains("archive");
    letters.findElement(By.xpath(".//button[normalize-space()='Publish…']")).click();
    assertThat(driver.findElement(By.cssSelector("form.publish-form input[name='topic']")).getAttribute("value"))
      .isEqualTo("letters");
    WebElement message = driver.findElement(By.cssSelector("form.publish-form textarea[name='message']"));
    message.clear();
    message.sendKeys("{\"to\": \"from the overview\"}");
    driver.findElement(By.cssSelector("form.publish-form button[type='submit']")).click();
    await().until(d -> d.findElement(By.cssSelector(".publish-result")).getText().startsWith("published in"));
    Await.until("the archive to take the letter", () -> archived.contains("from the overview"));
  }

  @Test
  void hostileServiceNamesAreTextOnTheOverviewAndInTheGraph() {
    String image = "x\"><img src=x onerror=\"window.__pwned = 1\">";
    Await.result(fx.registry.register(new Service(image, "1", List.of(new Node("evil-1", "127.0.0.1:1")))));
    try {
      driver.get(fx.base() + "/");
      await().until(d -> d.findElement(By.cssSelector("table.overview")).getText().contains("onerror="));
      assertThat(driver.findElements(By.cssSelector("#app img"))).isEmpty();
      assertThat(driver.executeScript("return window.__pwned")).as("no hostile script ran").isNull();
    } finally {
      Await.result(fx.registry.deregister(new Service(image, "1", List.of(new Node("evil-1", "127.0.0.1:1")))));
    }
  }
}
