package hudson;

import java.util.Map;
import java.util.TreeMap;

/** Stub of jenkins-core {@code EnvVars}: environment variables of a build. */
public class EnvVars extends TreeMap<String, String> {
    private static final long serialVersionUID = 1L;

    public EnvVars() {
        super(String.CASE_INSENSITIVE_ORDER);
    }

    public EnvVars(Map<String, String> m) {
        this();
        putAll(m);
    }

    public String expand(String s) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }
}
