package io.jenkins.plugins.openmaru.sandbox.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.openmaru.model.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The faults file of {@code openmaru sandbox serve --faults}: what its rules hit, and what it refuses. */
class FaultRulesFileTest {
    private static final String ROUTE = "/apis/route.openshift.io/v1/namespaces/ns/routes/shop";
    private static final String WATCH = "/api/v1/namespaces/ns/configmaps?fieldSelector=x&watch=true";

    static FaultRules rules(String json) {
        FaultRules rules = new FaultRules();
        FaultRulesFile.parse(json).applyTo(rules);
        return rules;
    }

    /** For {@code n} requests in a row, which got a fault (1-based), and which fault the first hit got. */
    static List<Integer> hits(FaultRules rules, String method, String path, int n) {
        List<Integer> hit = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            if (rules.faultFor(method, path).isPresent()) {
                hit.add(i);
            }
        }
        return hit;
    }

    @Test
    void answersTheNthMatchOnly() {
        FaultRules r = rules("""
                {"rules": [{"method": "put", "path": ".*/routes/shop", "first": 2, "action": "answer", "status": 503}]}""");

        assertThat(r.faultFor("GET", ROUTE)).isEmpty();
        assertThat(r.faultFor("PUT", ROUTE)).isEmpty();
        assertThat(r.faultFor("PUT", ROUTE)).contains(FaultRule.answer(503));
        assertThat(r.faultFor("PUT", ROUTE)).isEmpty();
    }

    @Test
    void everyKthFromTheFirstAsManyTimesAsSaid() {
        FaultRules r = rules("""
                {"rules": [{"path": ".*", "first": 2, "every": 3, "times": 3, "action": "reset-after"}]}""");

        assertThat(hits(r, "POST", ROUTE, 12)).containsExactly(2, 5, 8);
    }

    @Test
    void probabilityIsDrawnFromTheSeedSoARunRepeats() {
        String json = """
                {"seed": 42, "rules": [{"path": ".*", "times": "always", "probability": 0.3, "action": "reset-before"}]}""";

        List<Integer> first = hits(rules(json), "GET", ROUTE, 200);

        assertThat(hits(rules(json), "GET", ROUTE, 200)).isEqualTo(first);
        assertThat(first.size()).isBetween(40, 80);
        assertThat(hits(rules(json.replace("42", "43")), "GET", ROUTE, 200)).isNotEqualTo(first);
    }

    @Test
    void goneAndCutWatchOnlyHitWatches() {
        FaultRules r = rules("""
                {"rules": [{"method": "GET", "path": ".*/configmaps.*", "times": "always", "action": "gone"},
                           {"method": "GET", "path": ".*/deployments.*", "action": "cut-watch", "after": "5s"}]}""");

        assertThat(r.faultFor("GET", "/api/v1/namespaces/ns/configmaps/shop-delivery")).isEmpty();
        assertThat(r.faultFor("GET", WATCH)).contains(new FaultRule.Gone());
        assertThat(r.faultFor("GET", "/apis/apps/v1/namespaces/ns/deployments?watch=true"))
                .contains(new FaultRule.CutWatch(Duration.ofSeconds(5)));
    }

    @Test
    void throttlingSaysRetryAfterOneSecondUnlessTold() {
        assertThat(rules("""
                {"rules": [{"path": ".*", "action": "answer", "status": 429}]}""").faultFor("GET", ROUTE))
                .contains(FaultRule.answer(429, Duration.ofSeconds(1)));
        assertThat(rules("""
                {"rules": [{"path": ".*", "action": "answer", "status": 429, "retryAfter": "3s"}]}""").faultFor("GET", ROUTE))
                .contains(FaultRule.answer(429, Duration.ofSeconds(3)));
    }

    @Test
    void anOutageBlackHolesEveryRequestForItsDurationThenTheApiIsBack() throws Exception {
        FaultRules r = rules("""
                {"rules": [{"method": "PUT", "path": ".*/routes/shop", "action": "outage", "duration": "300ms"},
                           {"method": "GET", "path": ".*", "times": "always", "action": "delay", "delay": "1ms"}]}""");

        assertThat(r.faultFor("PUT", ROUTE)).contains(new FaultRule.Outage(Duration.ofMillis(300)));
        Optional<FaultRule.Fault> during = r.faultFor("GET", WATCH);
        assertThat(during).get().isInstanceOf(FaultRule.Outage.class);
        assertThat(((FaultRule.Outage) during.get()).duration()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(300));
        Thread.sleep(350);
        assertThat(r.faultFor("PUT", ROUTE)).isEmpty();
        assertThat(r.faultFor("GET", ROUTE)).contains(new FaultRule.Delay(Duration.ofMillis(1)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"rules\": [{\"path\": \".*\", \"action\": \"explode\"}]}|rules[0].action: explode is not allowed; expected one of answer, black-hole, cut-watch, delay, gone, outage, reset-after, reset-before",
        "{\"rules\": [{\"path\": \".*\", \"action\": \"answer\", \"status\": 409}, {\"path\": \".*\", \"action\": \"answer\", \"status\": 404}]}|rules[1].status: 404 is not allowed; expected one of 409, 429, 500, 503 (410 on watches: action gone)",
        "{\"rules\": [{\"path\": \".*\", \"action\": \"answer\", \"status\": 503, \"retryAfter\": \"1s\"}]}|rules[0].retryAfter: only with status 429",
        "{\"rules\": [{\"method\": \"FETCH\", \"path\": \".*\", \"action\": \"gone\"}]}|rules[0].method: FETCH is not allowed; expected one of *, DELETE, GET, PATCH, POST, PUT",
        "{\"rules\": [{\"path\": \"(\", \"action\": \"gone\"}]}|rules[0].path: not a regular expression",
        "{\"rules\": [{\"action\": \"gone\"}]}|rules[0].path: required text is missing",
        "{\"rules\": [{\"path\": \".*\", \"action\": \"gone\", \"every\": 0}]}|rules[0].every: 0 is not allowed; expected a whole number from 1",
        "{\"rules\": [{\"path\": \".*\", \"action\": \"gone\", \"times\": \"often\"}]}|rules[0].times: \"often\" is not allowed; expected a whole number from 1, or \"always\"",
        "{\"rules\": [{\"path\": \".*\", \"action\": \"gone\", \"probability\": 1.5}]}|rules[0].probability: 1.5 is not allowed; expected a number above 0 and at most 1",
        "{\"rules\": [{\"path\": \".*\", \"action\": \"delay\"}]}|rules[0].delay: nothing is not allowed; expected a duration such as 500ms, 5s or 1m",
        "{\"rules\": [{\"path\": \".*\", \"action\": \"outage\", \"duration\": \"soon\"}]}|rules[0].duration: soon is not allowed",
        "{\"rules\": [{\"path\": \".*\", \"action\": \"cut-watch\", \"after\": \"0s\"}]}|rules[0].after: 0s is not allowed; expected a duration above zero",
        "{\"rules\": [{\"path\": \".*\", \"action\": \"reset-before\", \"status\": 500}]}|rules[0].status: unknown field; allowed here: action, every, first, method, path, probability, times",
        "{\"seed\": \"x\", \"rules\": []}|seed: \"x\" is not allowed; expected a whole number",
        "{\"rule\": []}|rule: unknown field; allowed here: rules, seed",
        "[1]|--faults: expected a JSON object",
        "{\"rules\": [|--faults: not JSON",
    })
    void aBadRuleIsNamedWithTheValuesAllowed(String json, String message) {
        assertThatThrownBy(() -> FaultRulesFile.parse(json)).isInstanceOf(ValidationException.class).hasMessageStartingWith(message);
    }
}
