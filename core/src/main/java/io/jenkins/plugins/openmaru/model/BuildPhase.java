package io.jenkins.plugins.openmaru.model;

/** An OpenShift Build's {@code status.phase}, with what each means for the caller. */
public enum BuildPhase {
    NEW(false), PENDING(false), RUNNING(false), COMPLETE(true), FAILED(true), ERROR(true), CANCELLED(true);

    private final boolean terminal;

    BuildPhase(boolean terminal) {
        this.terminal = terminal;
    }

    /** True once the build can no longer change: its outcome is final. */
    public boolean terminal() {
        return terminal;
    }

    /** Maps the API's spelling ({@code Complete}); an absent phase is {@link #NEW}. */
    public static BuildPhase of(String phase) {
        return phase == null || phase.isBlank() ? NEW : BuildEnums.parse(BuildPhase.class, "status.phase", phase);
    }

    /** The API's spelling, e.g. {@code Complete}. */
    public String apiName() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
