package hudson.util;

import java.io.IOException;
import org.kohsuke.stapler.HttpResponse;

/**
 * Stub of jenkins-core {@code FormValidation}: the kind and message of a form check. The real one
 * keeps the message HTML-escaped and renders it; here {@code getMessage()} is the plain message.
 */
public abstract class FormValidation extends IOException implements HttpResponse {
    private static final long serialVersionUID = 1L;

    public final Kind kind;

    private FormValidation(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static FormValidation ok() {
        return of(Kind.OK, null);
    }

    public static FormValidation ok(String message) {
        return of(Kind.OK, message);
    }

    public static FormValidation warning(String message) {
        return of(Kind.WARNING, message);
    }

    public static FormValidation error(String message) {
        return of(Kind.ERROR, message);
    }

    public abstract String renderHtml();

    private static FormValidation of(Kind kind, String message) {
        return new FormValidation(kind, message) {
            private static final long serialVersionUID = 1L;

            @Override
            public String renderHtml() {
                throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
            }
        };
    }

    /** Stub of {@code FormValidation.Kind}. */
    public enum Kind {
        OK,
        WARNING,
        ERROR
    }
}
