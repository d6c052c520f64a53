package io.jenkins.plugins.openmaru.jenkins;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** Several users press a button at the same moment, each on a thread of their own, as two browsers would. */
final class SimultaneousClicks {
    /** What one user's click sends. */
    interface Click {
        FakeHttp.Served send(String user) throws Exception;
    }

    private SimultaneousClicks() {}

    /** The responses, in the order of {@code users}, once every click has been answered. */
    static List<FakeHttp.Served> of(List<String> users, Click click) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(users.size());
        try {
            List<Future<FakeHttp.Served>> clicks = new ArrayList<>();
            for (String user : users) {
                Callable<FakeHttp.Served> c = () -> {
                    SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(user, "pw", List.of()));
                    go.await();
                    return click.send(user);
                };
                clicks.add(pool.submit(c));
            }
            go.countDown();
            List<FakeHttp.Served> results = new ArrayList<>();
            for (Future<FakeHttp.Served> f : clicks) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
