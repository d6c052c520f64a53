package io.jenkins.plugins.openmaru.gate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** Formats numbers and labels the same way in every gate's evidence. */
final class Evidence {

    private Evidence() {}

    /** Up to six significant digits, an exponent only for tiny values (p-values); NaN and infinities by name. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros();
        return v != 0 && Math.abs(v) < 1e-4 ? rounded.toString() : rounded.toPlainString();
    }

    static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    static String labels(Map<String, String> labels) {
        return labels.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
