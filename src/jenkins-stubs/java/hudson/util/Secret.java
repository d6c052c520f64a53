package hudson.util;

import java.io.Serializable;

/**
 * Stub of jenkins-core {@code Secret}: holds the plain text. The real one also decrypts values
 * written encrypted by Jenkins and never prints the value; {@code toString()} is left out here.
 */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret fromString(String data) {
        return new Secret(data == null ? "" : data);
    }

    public String getPlainText() {
        return value;
    }

    public static String toString(Secret s) {
        return s == null ? "" : s.value;
    }
}
