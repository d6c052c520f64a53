package io.jenkins.plugins.openmaru.model;

/**
 * Bad user input, found before anything is written to the cluster. The message names the field,
 * the rejected value and what is allowed, e.g.
 * {@code steps[2].weight: 150 is not allowed; expected an integer from 1 to 100}.
 */
public final class ValidationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public ValidationException(String field, Object value, String allowed) {
        super(field + ": " + value + " is not allowed; expected " + allowed);
        this.field = field;
    }

    public ValidationException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The field path as the user wrote it, e.g. {@code steps[2].weight}. */
    public String field() {
        return field;
    }
}
