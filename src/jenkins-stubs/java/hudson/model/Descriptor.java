package hudson.model;

import net.sf.json.JSONObject;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;

/** Stub of jenkins-core {@code hudson.model.Descriptor}. */
public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor(Class<? extends T> clazz) {
    }

    protected Descriptor() {
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public String getId() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public synchronized void load() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public synchronized void save() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    /** Stub of {@code Descriptor.FormException}: a bad form value, naming the field. */
    public static final class FormException extends Exception implements HttpResponse {
        private static final long serialVersionUID = 1L;

        private final String formField;

        public FormException(String message, String formField) {
            super(message);
            this.formField = formField;
        }

        public String getFormField() {
            return formField;
        }
    }
}
