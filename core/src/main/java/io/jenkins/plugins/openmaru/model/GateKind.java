package io.jenkins.plugins.openmaru.model;

import static io.jenkins.plugins.openmaru.model.GateParam.optional;
import static io.jenkins.plugins.openmaru.model.GateParam.required;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The kinds of gate and the parameters each accepts (docs/gates.md lists them with examples). */
public enum GateKind {
    READINESS("readiness", null,
            optional("maxRestarts", "0", "an integer from 0 to 1000", GateParam.integer(0, 1000))),
    HTTP("http:PATH[:MIN_SUCCESS_RATIO]", null,
            required("path", "a URL path starting with /, such as /health, without . or .. segments", GateParam::path),
            optional("requests", "10", "an integer from 1 to 1000", GateParam.integer(1, 1000)),
            optional("timeout", "2s", "a duration such as 500ms, 2s or 1m", GateParam::duration),
            optional("minSuccessRatio", "1.0", "a number from 0 to 1, such as 0.95", GateParam.between(0, 1)),
            optional("maxP95Latency", null, "a duration such as 300ms or 1s", GateParam::duration)),
    PROMETHEUS("prometheus:QUERY<op>THRESHOLD", "prometheus",
            required("query", GateParam.QUERY_ALLOWED, GateParam::query),
            required("op", "one of <, <=, >, >=", GateParam.oneOf(Set.of("<", "<=", ">", ">="))),
            required("threshold", "a finite number such as 0.05", GateParam::finite),
            optional("url", null, "an http(s) URL of a Prometheus server", GateParam::httpUrl),
            optional("window", null, "a duration such as 5m (absent: an instant query)", GateParam::duration),
            optional("step", "15s", "a duration such as 15s", GateParam::duration),
            optional("aggregate", "avg", "one of avg, min, max, last", GateParam.oneOf(Set.of("avg", "min", "max", "last")))),
    COMPARE("compare:QUERY", "prometheus",
            required("query", GateParam.QUERY_ALLOWED + ", including {{slot}}", GateParam::query),
            optional("url", null, "an http(s) URL of a Prometheus server", GateParam::httpUrl),
            optional("window", "5m", "a duration such as 5m", GateParam::duration),
            optional("step", "15s", "a duration such as 15s", GateParam::duration),
            optional("direction", "increase", "one of increase, decrease, either",
                    GateParam.oneOf(Set.of("increase", "decrease", "either"))),
            optional("effectSize", "1.2", "a number from 1 to 100, such as 1.2", GateParam.between(1, 100)),
            optional("alpha", "0.05", "a number from 0.001 to 0.5, such as 0.05", GateParam.between(0.001, 0.5)),
            optional("minSamples", "10", "an integer from 3 to 100000", GateParam.integer(3, 100_000))),
    WEBHOOK("webhook:URL", null,
            required("url", "an http(s) URL", GateParam::httpUrl),
            optional("timeout", "10s", "a duration such as 10s", GateParam::duration)),
    MANUAL("manual[:TIMEOUT[:abort|promote]]", null,
            optional("timeout", null, "a duration such as 30m (absent: wait until someone decides)", GateParam::duration),
            optional("onTimeout", "abort", "one of abort, promote", GateParam.oneOf(Set.of("abort", "promote")))),
    /** The block of the Jenkins step that started the rollout, run once per measurement; only that build can run it. */
    PIPELINE("pipeline", null);

    private final String compactForm;
    private final String service;
    private final Map<String, GateParam> params = new LinkedHashMap<>();

    /**
     * @param compactForm how the CLI writes the gate, e.g. {@code http:PATH[:MIN_SUCCESS_RATIO]}
     * @param service the external service whose credential the gate sends (see the gate package's GateCredentials); null for none
     */
    GateKind(String compactForm, String service, GateParam... params) {
        this.compactForm = compactForm;
        this.service = service;
        for (GateParam p : params) {
            this.params.put(p.name(), p);
        }
        if (service != null) {
            // A gate of a kind with a credential may name its own: a Jenkins Secret text credential, sent only to the gate's url.
            this.params.put("credentialsId", optional("credentialsId", null, "the ID of a Secret text credential", text -> text));
        }
        // Every kind also accepts a name: how logs, the UI and the evidence call the gate.
        this.params.put("name", optional("name", null, "a non-blank label", text -> text));
    }

    /** The kind as users write it: lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How the CLI's {@code --gate} writes a gate of this kind, as help and parse errors show it. */
    public String compactForm() {
        return compactForm;
    }

    /** The external service whose credential a gate of this kind sends, e.g. {@code prometheus}. */
    public Optional<String> service() {
        return Optional.ofNullable(service);
    }

    /** Whether the engine measures the gate; a manual gate is a pause for a person instead. */
    public boolean measures() {
        return this != MANUAL;
    }

    /** The kinds the engine measures, as messages list them: {@code readiness, http, ... or webhook}. */
    public static String measuring() {
        return Choices.either(Arrays.stream(values()).filter(GateKind::measures).map(GateKind::id).toList());
    }

    public Map<String, GateParam> params() {
        return params;
    }

    public static GateKind of(String id) {
        return Arrays.stream(values())
                .filter(k -> k.id().equals(id.trim().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new ValidationException("gate.kind", id, allowed()));
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(GateKind::id).toList();
    }

    /** The kinds as messages list them: {@code readiness, http, ... or manual}. */
    public static String allowed() {
        return Choices.either(ids());
    }

    /** Checks names and values of {@code given}; the message names the field and what is allowed. */
    void validate(Map<String, String> given) {
        for (String key : given.keySet()) {
            if (!params.containsKey(key)) {
                throw new ValidationException("gate." + id() + "." + key, given.get(key),
                        "a parameter of the " + id() + " gate: one of " + List.copyOf(params.keySet()));
            }
        }
        for (GateParam p : params.values()) {
            String value = given.get(p.name());
            if (value != null || p.required()) {
                p.read(id(), value);
            }
        }
        if (this == COMPARE && !given.get("query").replaceAll("\\s", "").contains("{{slot}}")) {
            throw new ValidationException("gate.compare.query", given.get("query"),
                    "a query containing {{slot}}, measured once for the candidate and once for the stable slot");
        }
        if (this == MANUAL && given.containsKey("onTimeout") && !given.containsKey("timeout")) {
            throw new ValidationException("gate.manual.onTimeout", "needs gate.manual.timeout; without a timeout the gate waits until someone promotes or aborts");
        }
    }
}
