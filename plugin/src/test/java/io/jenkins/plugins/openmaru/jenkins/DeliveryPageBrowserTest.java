package io.jenkins.plugins.openmaru.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The build page's script (delivery.js) in a real Chromium, on the markup of DeliveryAction's index.jelly, served with a
 * Content Security Policy that forbids inline scripts, as Jenkins may: a decision is sent only when its confirmation
 * is accepted, and a page with a rollout in progress reloads itself, except while someone types a comment.
 */
@Tag("slow")
class DeliveryPageBrowserTest {
    private static final Executable CHROMIUM = new Executable("/usr/bin/chromium");
    private static final Executable CHROMEDRIVER = new Executable("/usr/bin/chromedriver");
    private static final Duration REFRESH = Duration.ofSeconds(5);

    private record Executable(String path) {
        File file() {
            File f = new File(path);
            if (!f.canExecute()) {
                throw new IllegalStateException(path + " is missing: ./run-tests.sh installs chromium and chromium-driver");
            }
            return f;
        }
    }

    private record Posted(String path, Map<String, String> form) { }

    private static HttpServer server;
    private static WebDriver browser;
    private static final List<Posted> POSTED = new CopyOnWriteArrayList<>();
    private static final AtomicInteger PAGE_LOADS = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", DeliveryPageBrowserTest::answer);
        server.start();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.file())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.file()).usingAnyFreePort().build(), options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aDecisionIsSentOnlyOnceItsConfirmationIsAccepted() throws Exception {
        open(false);
        browser.findElement(By.name("comment")).sendKeys("ship it");

        browser.findElement(By.cssSelector("button[data-verb='promote']")).click();
        Alert confirmation = confirmation();
        assertThat(confirmation.getText()).isEqualTo("Really promote? This is recorded with your user id and comment.");
        confirmation.dismiss();
        Thread.sleep(500);
        assertThat(POSTED).as("nothing sent after Cancel").isEmpty();

        browser.findElement(By.cssSelector("button[data-verb='rollback']")).click();
        confirmation().accept();
        await().atMost(Duration.ofSeconds(5)).until(() -> !POSTED.isEmpty());

        assertThat(POSTED).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("/rollback");
            assertThat(p.form()).containsEntry("comment", "ship it").containsEntry("target", "openshift/shop").containsEntry("servingRevision", "7");
        });
        assertThat(browser.getPageSource()).contains("decided");
    }

    @Test
    void aRolloutInProgressReloadsThePageExceptWhileACommentIsTyped() throws Exception {
        open(true);
        await().atMost(REFRESH.multipliedBy(2)).until(() -> PAGE_LOADS.get() == 2);

        browser.findElement(By.name("comment")).sendKeys("looking at the p95");
        Thread.sleep(REFRESH.plusSeconds(2).toMillis());
        assertThat(PAGE_LOADS).as("no reload over a comment being typed").hasValue(2);
        assertThat(browser.findElement(By.name("comment")).getAttribute("value")).isEqualTo("looking at the p95");
    }

    @Test
    void aPageWithNoRolloutInProgressStaysAsItIs() throws Exception {
        open(false);
        Thread.sleep(REFRESH.plusSeconds(2).toMillis());
        assertThat(PAGE_LOADS).hasValue(1);
    }

    /** The browser's confirmation dialog, once it shows. */
    private static Alert confirmation() {
        return await().atMost(Duration.ofSeconds(5)).ignoreException(NoAlertPresentException.class).until(() -> browser.switchTo().alert(), a -> true);
    }

    private static void open(boolean inProgress) {
        POSTED.clear();
        PAGE_LOADS.set(0);
        browser.get("http://127.0.0.1:" + server.getAddress().getPort() + "/job/shop/7/delivery/?inProgress=" + inProgress);
        assertThat(PAGE_LOADS).hasValue(1);
    }

    private static void answer(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        if ("POST".equals(x.getRequestMethod())) {
            POSTED.add(new Posted(path.substring(path.lastIndexOf('/')), form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))));
            send(x, 200, "text/html", "<!DOCTYPE html><p>decided</p>".getBytes(StandardCharsets.UTF_8));
        } else if (path.endsWith("/delivery.js")) {
            try (InputStream in = DeliveryPageBrowserTest.class.getClassLoader().getResourceAsStream(DeliveryPageMarkup.SCRIPT)) {
                send(x, 200, "application/javascript", in.readAllBytes());
            }
        } else if (path.endsWith("/delivery/")) {
            PAGE_LOADS.incrementAndGet();
            boolean inProgress = String.valueOf(x.getRequestURI().getQuery()).contains("inProgress=true");
            String page;
            try {
                page = DeliveryPageMarkup.page(Map.of("app.canAbort", String.valueOf(inProgress), "app.target.key", "openshift/shop",
                        "app.servingRevision", "7"), "/adjuncts/io/jenkins/plugins/openmaru/jenkins/DeliveryAction/delivery.js");
            } catch (Exception e) {
                throw new IOException(e);
            }
            x.getResponseHeaders().add("Content-Security-Policy", "default-src 'self'; script-src 'self'");
            send(x, 200, "text/html", page.getBytes(StandardCharsets.UTF_8));
        } else {
            send(x, 404, "text/plain", new byte[0]);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            x.getResponseBody().write(body);
        }
        x.close();
    }
}
