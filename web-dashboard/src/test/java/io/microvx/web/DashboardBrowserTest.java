package io.microvx.web;

import io.microvx.errors.MicroException;
import io.microvx.metadata.CallContext;
import io.microvx.registry.Endpoint;
import io.microvx.registry.Node;
import io.microvx.registry.Service;
import io.microvx.registry.Value;
import io.microvx.registry.CacheOptions;
import io.microvx.registry.CachingRegistry;
import io.microvx.registry.Registry;
import io.microvx.service.MicroService;
import io.microvx.testing.FlakyRegistry;
import io.microvx.testing.Await;
import io.microvx.testing.Greeting;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser (Debian's Chromium, headless) against a running greeter: the list, the
 * service page and its call form, live updates, the terminal, a web service through the proxy, and
 * hostile registry data shown as text. Saves the service page's screenshot the README shows.
 */
class DashboardBrowserTest {

  /** A second handler, so the page shows nested request shapes too. */
  public static class Directory {
    public record Address(String city, String zip) {
    }

    public record LookupRequest(String name, List<String> tags, Address address) {
    }

    public record Person(String name, String email, Address address) {
    }

    public Person lookup(LookupRequest request) {
      return new Person(request.name(), request.name().toLowerCase() + "@example.com", request.address());
    }
  }

  /** Refuses a request without a name, as a real service would. */
  public static class Strict {
    public Greeting.Response hello(Greeting.Request request) {
      if (request.name() == null || request.name().isBlank()) {
        throw MicroException.badRequest("greeter", "a name is required");
      }
      return new Greeting.Response("Hello " + request.name());
    }
  }

  public static class Welcomer {
    public void welcome(Greeting.Request signup) {
    }
  }

  /** Answers with who the call's metadata names. */
  public static class Echo {
    public Greeting.Response who(Greeting.Request request, CallContext context) {
      return new Greeting.Response("asked by " + context.metadata().get("X-User"));
    }
  }

  private static final Counter counter = new Counter();
  private static DashboardFixture fx;
  private static Browser browser;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.start(1280, 1000);
    driver = browser.driver;
    fx = new DashboardFixture();
    fx.service("greeter", b -> b.handler(new Greeting.Say()).handler(new Directory()).handler(new Strict()).handler(new Echo())
      .subscriber("user.signup", new Welcomer()));
    fx.service("counter", b -> b.handler(counter));
    fx.start();
    fx.awaitListed("greeter");
    fx.awaitListed("counter");
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

  @Test
  void theListShowsTheGreeterAndServicesRegisteredWhileItIsOpen() {
    driver.get(fx.base() + "/services");
    WebElement greeter = visible(By.cssSelector("tr[data-service='greeter']"));
    assertThat(greeter.getText()).contains("greeter").contains("1.0.0").contains("user.signup");
    driver.executeScript("window.__stillTheSamePage = true");

    Await.result(fx.registry.register(new Service("late-arrival", "2.0.0", Map.of(),
      List.of(new Endpoint("Late.Arrive", new Value("Arrival", "Arrival"), null, Map.of())),
      List.of(new Node("late-1", "127.0.0.1:1")))));
    WebElement late = visible(By.cssSelector("tr[data-service='late-arrival']"));
    assertThat(late.getText()).contains("2.0.0");
    assertThat(driver.executeScript("return window.__stillTheSamePage")).as("no reload").isEqualTo(true);

    // the filter narrows the list as one types, and the URL keeps it
    driver.findElement(By.cssSelector("input.filter")).sendKeys("late");
    await().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("tr[data-service='greeter']")));
    assertThat(driver.getCurrentUrl()).endsWith("/services?q=late");
    Await.result(fx.registry.deregister(new Service("late-arrival", "2.0.0", List.of(new Node("late-1", "127.0.0.1:1")))));
    await().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("tr[data-service='late-arrival']")));
  }

  @Test
  void theServicePageShowsTheEndpointAndItsFormCallsIt() throws Exception {
    driver.get(fx.base() + "/registry?service=greeter");
    WebElement hello = visible(By.cssSelector("article[data-endpoint='Say.Hello']"));
    assertThat(hello.findElement(By.cssSelector(".shapes")).getText()).contains("REQUEST").contains("name").contains("string")
      .contains("msg");
    WebElement lookup = driver.findElement(By.cssSelector("article[data-endpoint='Directory.Lookup']"));
    assertThat(lookup.getText()).contains("address").contains("city").contains("[]string");
    await().until(d -> d.findElement(By.cssSelector("td.health")).getText().equals("ok"));

    hello.findElement(By.xpath(".//button[normalize-space()='Call']")).click();
    WebElement name = visible(By.cssSelector("form[data-endpoint='Say.Hello'] input[name='name']"));
    name.sendKeys("Ada");
    driver.findElement(By.cssSelector("form[data-endpoint='Say.Hello'] button[type='submit']")).click();
    WebElement result = driver.findElement(By.cssSelector("form[data-endpoint='Say.Hello'] .call-result"));
    await().until(d -> result.getText().contains("Hello Ada"));
    assertThat(result.getText()).contains("200 OK").containsPattern("\\d+(\\.\\d+)? ms");
    assertThat(driver.getCurrentUrl()).contains("endpoint=Say.Hello").contains("request=");

    Path screenshot = Path.of(System.getProperty("dashboard.screenshot", "target/dashboard.png"));
    Files.createDirectories(screenshot.getParent());
    // the whole page, from the top: tall enough for the nodes, the endpoints and the call's result
    driver.manage().window().setSize(new Dimension(1280, 1560));
    driver.executeScript("window.scrollTo(0, 0)");
    Files.write(screenshot, driver.getScreenshotAs(OutputType.BYTES));
    driver.manage().window().setSize(new Dimension(1280, 1000));

    // the address bar is a link to the same call: a fresh load opens the form with the request in it
    driver.get(driver.getCurrentUrl());
    WebElement again = visible(By.cssSelector("form[data-endpoint='Say.Hello'] input[name='name']"));
    assertThat(again.getAttribute("value")).isEqualTo("Ada");

    // nested request shapes become nested fields
    driver.get(fx.base() + "/client?service=greeter&endpoint=Directory.Lookup");
    visible(By.cssSelector("form[data-endpoint='Directory.Lookup'] fieldset input[name='city']")).sendKeys("Paris");
    driver.findElement(By.cssSelector("form[data-endpoint='Directory.Lookup'] input[name='name']")).sendKeys("Bo");
    driver.findElement(By.cssSelector("form[data-endpoint='Directory.Lookup'] input[name='tags']")).sendKeys("a, b");
    driver.findElement(By.cssSelector("form[data-endpoint='Directory.Lookup'] button[type='submit']")).click();
    await().until(d -> d.findElement(By.cssSelector(".call-result")).getText().contains("bo@example.com"));
    assertThat(driver.findElement(By.cssSelector(".call-result")).getText()).contains("Paris");
  }

  @Test
  void theFormSendsMetadataAndADeadNodeIsDeregisteredFromItsServicePage() {
    driver.get(fx.base() + "/client?service=greeter&endpoint=Echo.Who");
    visible(By.cssSelector("form[data-endpoint='Echo.Who'] input[name='name']")).sendKeys("Ada");
    driver.findElement(By.cssSelector("form[data-endpoint='Echo.Who'] .call-metadata summary")).click();
    visible(By.cssSelector("form[data-endpoint='Echo.Who'] textarea[name='metadata']")).sendKeys("{\"X-User\": \"ada\"}");
    assertThat(driver.findElement(By.cssSelector(".cli-line")).getText())
      .isEqualTo("micro call greeter Echo.Who '{\"name\":\"Ada\"}' --metadata 'X-User=ada'");
    driver.findElement(By.cssSelector("form[data-endpoint='Echo.Who'] button[type='submit']")).click();
    WebElement result = driver.findElement(By.cssSelector("form[data-endpoint='Echo.Who'] .call-result"));
    await().until(d -> result.getText().contains("asked by ada"));

    Node ghost = new Node("greeter-ghost", "127.0.0.1:1");
    // registered as a node of the greeter as it is, its endpoints kept (a registration carries them)
    Service greeter = Await.result(fx.registry.getService("greeter")).get(0);
    Await.result(fx.registry.register(new Service(greeter.name(), greeter.version(), greeter.metadata(),
      greeter.endpoints(), List.of(ghost))));
    driver.get(fx.base() + "/registry?service=greeter");
    WebElement remove = visible(By.cssSelector("button[data-deregister='127.0.0.1:1']"));
    assertThat(driver.findElements(By.cssSelector("button[data-deregister]"))).as("only the node that does not answer").hasSize(1);
    remove.click();
    await().until(ExpectedConditions.alertIsPresent()).accept();
    await().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("tr[data-node='greeter-ghost']")));
    assertThat(Await.result(fx.registry.getService("greeter")).get(0).nodes()).extracting(Node::id)
      .doesNotContain("greeter-ghost").hasSize(1);
  }

  @Test
  void aWrongRequestShowsTheServicesError() {
    driver.get(fx.base() + "/client?service=greeter&endpoint=Strict.Hello");
    visible(By.cssSelector("form[data-endpoint='Strict.Hello'] button[type='submit']")).click();
    WebElement result = driver.findElement(By.cssSelector("form[data-endpoint='Strict.Hello'] .call-result"));
    await().until(d -> result.getText().contains("a name is required"));
    assertThat(result.getText()).contains("400").doesNotContain("Hello");
  }

  @Test
  void aStreamingEndpointShowsEachReplyAsItArrivesAndStops() {
    driver.get(fx.base() + "/registry?service=counter");
    WebElement card = visible(By.cssSelector("article[data-endpoint='Counter.Count']"));
    assertThat(card.getText()).contains("stream");
    card.findElement(By.xpath(".//button[normalize-space()='Call']")).click();
    visible(By.cssSelector("form[data-endpoint='Counter.Count'] input[name='count']")).sendKeys("3");
    assertThat(driver.findElement(By.cssSelector("form[data-endpoint='Counter.Count'] .cli-line")).getText())
      .isEqualTo("micro stream counter Counter.Count '{\"count\":3}'");
    driver.findElement(By.cssSelector("form[data-endpoint='Counter.Count'] button[type='submit']")).click();
    WebElement result = driver.findElement(By.cssSelector("form[data-endpoint='Counter.Count'] .call-result"));
    await().until(d -> result.getText().contains("ended"));
    assertThat(result.getText()).contains("3 replies in");
    assertThat(result.findElements(By.cssSelector(".stream-replies li"))).extracting(WebElement::getText)
      .containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");

    // an endless stream runs until Stop, which cancels it at the service
    driver.get(fx.base() + "/client?service=counter&endpoint=Counter.Forever");
    visible(By.cssSelector("form[data-endpoint='Counter.Forever'] button[type='submit']")).click();
    WebElement live = driver.findElement(By.cssSelector(".call-result"));
    await().until(d -> live.findElements(By.cssSelector(".stream-replies li")).size() >= 3);
    assertThat(live.getText()).contains("streaming");
    assertThat(counter.cancelled).isFalse();
    driver.findElement(By.xpath("//form[@data-endpoint='Counter.Forever']//button[normalize-space()='Stop']")).click();
    await().until(d -> live.findElement(By.cssSelector(".result-head .badge")).getText().equals("stopped"));
    Await.until("the stream to be cancelled at the service", counter.cancelled::get);
  }

  @Test
  void theTerminalRunsACall() {
    driver.get(fx.base() + "/terminal");
    WebElement input = visible(By.cssSelector("input.terminal-input"));
    input.sendKeys("call greeter Say.Hello {\"name\":\"Bo\"}", Keys.ENTER);
    await().until(d -> d.findElement(By.cssSelector(".terminal-output")).getText().contains("Hello Bo"));
    input.sendKeys("list services", Keys.ENTER);
    await().until(d -> d.findElement(By.cssSelector(".terminal-output")).getText().contains("SERVICE"));
    input.sendKeys(Keys.ARROW_UP);
    assertThat(input.getAttribute("value")).isEqualTo("list services");
  }

  @Test
  void aWebServiceIsListedAndOpensThroughTheProxy() {
    HttpServer server = fx.vertx.createHttpServer().requestHandler(request -> request.response()
      .putHeader("Content-Type", "text/html").end("<!doctype html><title>Notes</title><h1 id='notes'>Notes app under "
        + request.getHeader("X-Micro-Web-Base-Path") + "</h1>"));
    int port = Await.result(server.listen(0, "127.0.0.1")).actualPort();
    fx.onClose(() -> Await.result(server.close()));
    Await.result(fx.registry.register(new Service("go.micro.web.notes", "1.0.0", List.of(new Node("notes-1", "127.0.0.1:" + port)))));
    driver.get(fx.base() + "/services");
    WebElement row = visible(By.cssSelector("tr[data-service='go.micro.web.notes']"));
    assertThat(row.getText()).contains("web");
    row.findElement(By.cssSelector("a.open-web")).click();
    assertThat(visible(By.id("notes")).getText()).isEqualTo("Notes app under /notes");
    assertThat(driver.getCurrentUrl()).isEqualTo(fx.base() + "/notes/");
  }

  @Test
  void hostileRegistryDataIsShownAsTextAndRunsNothing() {
    String script = "<script>window.__pwned = 1</script>";
    String image = "\"><img src=x onerror=\"window.__pwned = 2\">";
    Await.result(fx.registry.register(new Service("evil", "6.6.6", Map.of("note", script),
      List.of(new Endpoint("Evil.Do" + image, new Value(image, image, List.of(new Value(script, image))), null, Map.of("x", image))),
      List.of(new Node("evil-1", "127.0.0.1:1", Map.of("script", script, "image", image))))));
    Await.result(fx.registry.register(new Service("x" + image, "1", List.of(new Node("evil-2", "127.0.0.1:1")))));

    driver.get(fx.base() + "/services");
    visible(By.cssSelector("tr[data-service='evil']"));
    await().until(d -> d.findElement(By.cssSelector("table.services")).getText().contains("x\"><img src=x onerror="));
    assertThat(driver.findElements(By.cssSelector("#app img"))).isEmpty();

    driver.get(fx.base() + "/registry?service=evil");
    WebElement node = visible(By.cssSelector("tr[data-node='evil-1']"));
    assertThat(node.getText()).contains(script).contains(image);
    WebElement endpoint = visible(By.cssSelector("article.endpoint"));
    assertThat(endpoint.getText()).contains("Evil.Do\"><img").contains(script);
    assertThat(driver.findElement(By.id("app")).getText()).contains("note").contains(script);
    assertThat(driver.findElements(By.cssSelector("#app img, #app script"))).isEmpty();
    assertThat(driver.executeScript("return window.__pwned")).as("no hostile script ran").isNull();

    driver.get(fx.base() + "/terminal");
    WebElement input = visible(By.cssSelector("input.terminal-input"));
    input.sendKeys("get service evil", Keys.ENTER);
    await().until(d -> d.findElement(By.cssSelector(".terminal-output")).getText().contains("onerror"));
    assertThat(driver.findElements(By.cssSelector("#app img"))).isEmpty();
    assertThat(driver.executeScript("return window.__pwned")).isNull();
  }

  @Test
  void theStatsPageShowsWhichNodesAnswerFromTheirRegistrySnapshot() throws Exception {
    Path snapshot = Files.createTempDirectory("dashboard-snapshot").resolve("registry.json");
    FlakyRegistry registry = new FlakyRegistry(fx.registry);
    // a first cache looks the greeter up and stops: the file holds what it knew
    CachingRegistry first = Registry.cached(fx.vertx, registry, new CacheOptions().setSnapshot(snapshot.toString()));
    Await.result(first.getService("greeter"));
    Await.result(first.close());
    MicroService remembering = fx.service("remembering", b -> b.handler(new Greeting.Say()).registry(registry)
      .set("registry_cache_snapshot", snapshot.toString()));
    registry.down();
    try {
      // its registry cannot be read: the greeter's nodes come from the file, and are marked stale
      assertThat(Await.result(remembering.registry().getService("greeter"))).isNotEmpty();

      driver.get(fx.base() + "/stats?service=remembering");
      WebElement stale = visible(By.xpath("//table[contains(@class,'stats')]//span[contains(@class,'badge')"
        + " and starts-with(normalize-space(.), 'stale: 1 service,')]"));
      assertThat(stale.findElement(By.xpath("..")).getAttribute("title")).startsWith("greeter: ");

      driver.get(fx.base() + "/stats?service=greeter");
      visible(By.xpath("//table[contains(@class,'stats')]//span[contains(@class,'badge') and normalize-space(.)='current']"));
      // the node's client counters: none retried or hedged here
      assertThat(driver.findElement(By.cssSelector("table.stats thead")).getText())
        .containsIgnoringCase("retries").containsIgnoringCase("hedges");
      List<WebElement> cells = driver.findElements(By.cssSelector("table.stats tbody tr:first-child td"));
      assertThat(cells.get(10).getText()).as("retries").isEqualTo("0");
      assertThat(cells.get(11).getText()).as("hedges").isEqualTo("0");
    } finally {
      registry.up();
    }
  }
}
