package io.jenkins.plugins.openmaru.image;

import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.Random;

/**
 * Generates a parameter value from an OpenShift {@code generate: expression} pattern such as
 * {@code [a-zA-Z0-9]{16}} or {@code \w{8}}: character classes and ranges, the escapes
 * {@code \w} (word), {@code \d} (digit), {@code \a} (letter), {@code \A} (symbol), literal
 * characters, each optionally repeated {@code {n}} times.
 */
final class ParameterGenerator {
    private static final String DIGITS = "0123456789";
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String WORD = LETTERS + DIGITS + "_";
    private static final String SYMBOLS = "~!@#$%^&*()-_+={}[]\\|<,>.?/\"';:`";
    private static final int MAX_LENGTH = 1024;

    private final Random random;

    ParameterGenerator(Random random) {
        this.random = random;
    }

    String generate(String field, String pattern) {
        StringBuilder out = new StringBuilder();
        Cursor c = new Cursor(field, pattern);
        while (c.more()) {
            String alphabet = c.element();
            int times = c.repetition();
            if (out.length() + times > MAX_LENGTH) {
                throw c.invalid("at most " + MAX_LENGTH + " generated characters");
            }
            for (int i = 0; i < times; i++) {
                out.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return out.toString();
    }

    /** Reads the pattern left to right; each element yields the characters it may produce. */
    private static final class Cursor {
        private final String field;
        private final String pattern;
        private int pos;

        Cursor(String field, String pattern) {
            this.field = field;
            this.pattern = pattern;
        }

        boolean more() {
            return pos < pattern.length();
        }

        String element() {
            char ch = pattern.charAt(pos++);
            if (ch == '\\') {
                return escape();
            }
            if (ch != '[') {
                return String.valueOf(ch);
            }
            StringBuilder set = new StringBuilder();
            while (more() && pattern.charAt(pos) != ']') {
                char from = pattern.charAt(pos++);
                if (from == '\\') {
                    set.append(escape());
                } else if (pos + 1 < pattern.length() && pattern.charAt(pos) == '-' && pattern.charAt(pos + 1) != ']') {
                    char to = pattern.charAt(pos + 1);
                    pos += 2;
                    if (to < from) {
                        throw invalid("ranges written low-high, such as a-z");
                    }
                    for (char x = from; x <= to; x++) {
                        set.append(x);
                    }
                } else {
                    set.append(from);
                }
            }
            if (!more() || set.length() == 0) {
                throw invalid("a closed, non-empty class such as [a-z0-9]");
            }
            pos++;
            return set.toString();
        }

        int repetition() {
            if (!more() || pattern.charAt(pos) != '{') {
                return 1;
            }
            int close = pattern.indexOf('}', pos);
            if (close < 0) {
                throw invalid("a repetition such as {16}");
            }
            String count = pattern.substring(pos + 1, close);
            pos = close + 1;
            if (!count.matches("\\d{1,4}")) {
                throw invalid("a repetition count of digits such as {16}");
            }
            return Integer.parseInt(count);
        }

        private String escape() {
            if (!more()) {
                throw invalid("an escape \\w, \\d, \\a or \\A");
            }
            char e = pattern.charAt(pos++);
            return switch (e) {
                case 'w' -> WORD;
                case 'd' -> DIGITS;
                case 'a' -> LETTERS;
                case 'A' -> SYMBOLS;
                default -> String.valueOf(e);
            };
        }

        ValidationException invalid(String expected) {
            return new ValidationException(field, pattern, "a generator pattern with " + expected);
        }
    }
}
