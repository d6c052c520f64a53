package io.jenkins.plugins.openmaru.sandbox.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jenkins.plugins.openmaru.sandbox.process.ChildProcess;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** HAProxy as a child process: its access log reaches the sandbox whole, however slowly the sandbox reads it. */
@Tag("slow")
class HaproxyProcessTest {

    /** A long Host makes each log line about 250 bytes: a thousand of them fill a pipe (64 KiB) several times over. */
    static final String HOST = "x".repeat(200) + ".apps.sandbox";
    static final int REQUESTS = 1000;

    @Test
    void everyLogLineArrivesEvenWhenTheirReaderFallsBehind() throws Exception {
        CountDownLatch sent = new CountDownLatch(1);
        AtomicLong own503s = new AtomicLong();
        // The reader stalls until every request was answered, as a starved thread of a loaded machine does.
        Consumer<String> stalledReader = line -> {
            try {
                sent.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (line.equals("503 be_http:ns:shop <NOSRV> " + HOST)) {
                own503s.incrementAndGet();
            }
        };
        // A backend with no server: HAProxy answers each request 503 itself and logs it.
        HaproxyConfig.Rendered noServer = new HaproxyConfig.Rendered("\nbackend be_http:ns:shop\n  mode http\n",
                "^" + HOST.replace(".", "\\.") + "(:[0-9]+)?(/.*)?$ be_http:ns:shop\n");
        int port = ChildProcess.freePort();
        try (HaproxyProcess haproxy = new HaproxyProcess(RealHaproxy.binary(), port, ChildProcess.freePort(), noServer, stalledReader)) {
            RouterClient client = new RouterClient(port);
            for (int i = 0; i < REQUESTS; i++) {
                assertThat(client.get(HOST, "/").status()).isEqualTo(503);
            }
            sent.countDown();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(own503s.get()).isEqualTo(REQUESTS));
        }
    }
}
