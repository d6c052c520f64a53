package com.cloudbees.plugins.credentials;

import hudson.model.ModelObject;
import java.io.Serializable;

/** Stub of credentials {@code CredentialsScope}. */
public enum CredentialsScope implements Serializable {
    SYSTEM {
        @Override
        public String getDisplayName() {
            throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
        }

        @Override
        public boolean isVisible(ModelObject object) {
            throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
        }
    },
    GLOBAL {
        @Override
        public String getDisplayName() {
            throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
        }

        @Override
        public boolean isVisible(ModelObject object) {
            throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
        }
    },
    USER {
        @Override
        public String getDisplayName() {
            throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
        }

        @Override
        public boolean isVisible(ModelObject object) {
            throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
        }
    };

    public abstract String getDisplayName();

    public abstract boolean isVisible(ModelObject object);
}
