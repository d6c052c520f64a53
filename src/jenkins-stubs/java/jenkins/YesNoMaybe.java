package jenkins;

/** Stub of jenkins-core {@code jenkins.YesNoMaybe}. */
public enum YesNoMaybe {
    YES,
    NO,
    MAYBE
}
