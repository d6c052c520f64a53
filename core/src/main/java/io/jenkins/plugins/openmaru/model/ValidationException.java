package io.jenkins.plugins.openmaru.model;

/**
 * Bad user input, found before anything is written to the cluster. The message names the field,
 * the rejected value and what is allowed, e.g.
 * {@code steps[2].weight: 150 is not allowed; expected an integer from 1 to 100}.
 */
public final class ValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String problem;

    public ValidationException(String field, Object value, String allowed) {
        this(field, value + " is not allowed; expected " + allowed);
    }

    public ValidationException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
        this.problem = message;
    }

    /**
     * The same problem named from an enclosing field, e.g. {@code prometheus} found while checking
     * {@code gates[1]} becomes {@code gates[1].prometheus}.
     */
    public ValidationException within(String parent) {
        return new ValidationException(parent + "." + field, problem);
    }

    /** The field path as the user wrote it, e.g. {@code steps[2].weight}. */
    public String field() {
        return field;
    }
}
