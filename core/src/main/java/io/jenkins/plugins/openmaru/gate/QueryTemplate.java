package io.jenkins.plugins.openmaru.gate;

import java.util.Map;
import java.util.regex.Matcher;

/**
 * Fills a query's placeholders ({@code {{app}}}, {@code {{namespace}}}, {@code {{slot}}},
 * {@code {{stableSlot}}}, {@code {{image}}}, {@code {{version}}}) for one measurement. Values are
 * escaped for a PromQL string literal, since they usually stand inside a label matcher.
 */
final class QueryTemplate {

    private QueryTemplate() {}

    /** @param slot the slot {@code {{slot}}} stands for: the candidate's, or the stable one's for a comparison */
    static String render(String template, GateContext context, String slot) {
        Map<String, String> values = Map.of(
                "app", context.app(),
                "namespace", context.namespace(),
                "slot", slot,
                "stableSlot", nullToEmpty(context.stableSlot()),
                "image", nullToEmpty(context.candidateImage()),
                "version", version(context.candidateImage()));
        String out = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            out = out.replaceAll("\\{\\{\\s*" + e.getKey() + "\\s*}}", Matcher.quoteReplacement(escape(e.getValue())));
        }
        return out;
    }

    /** The tag or digest of an image reference: {@code shop@sha256:ab..} gives {@code sha256:ab..}, {@code shop:1.2} gives {@code 1.2}. */
    static String version(String image) {
        if (image == null || image.isEmpty()) {
            return "";
        }
        int at = image.indexOf('@');
        if (at >= 0) {
            return image.substring(at + 1);
        }
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
