package hudson.util;

import java.util.ArrayList;
import org.kohsuke.stapler.HttpResponse;

/** Stub of jenkins-core {@code ListBoxModel}: the options of a drop-down list, as a plain list. */
public class ListBoxModel extends ArrayList<ListBoxModel.Option> implements HttpResponse {
    private static final long serialVersionUID = 1L;

    public ListBoxModel() {
    }

    public void add(String displayName, String value) {
        add(new Option(displayName, value));
    }

    public ListBoxModel add(String nameAndValue) {
        add(nameAndValue, nameAndValue);
        return this;
    }

    /** Stub of {@code ListBoxModel.Option}: a display name and the value submitted. */
    public static final class Option {
        public String name;
        public String value;
        public boolean selected;

        public Option(String name, String value) {
            this(name, value, false);
        }

        public Option(String name, String value, boolean selected) {
            this.name = name;
            this.value = value;
            this.selected = selected;
        }
    }
}
