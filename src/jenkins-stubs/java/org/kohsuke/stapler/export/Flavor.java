package org.kohsuke.stapler.export;

import java.io.IOException;
import java.io.Writer;

/** Stub of stapler {@code Flavor}: named by {@code StaplerResponse2}. */
public enum Flavor {
    JSON {
        @Override
        public DataWriter createDataWriter(Object bean, Writer w, ExportConfig config) throws IOException {
            throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
        }
    },
    JSONP {
        @Override
        public DataWriter createDataWriter(Object bean, Writer w, ExportConfig config) throws IOException {
            throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
        }
    },
    PYTHON {
        @Override
        public DataWriter createDataWriter(Object bean, Writer w, ExportConfig config) throws IOException {
            throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
        }
    },
    RUBY {
        @Override
        public DataWriter createDataWriter(Object bean, Writer w, ExportConfig config) throws IOException {
            throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
        }
    },
    XML {
        @Override
        public DataWriter createDataWriter(Object bean, Writer w, ExportConfig config) throws IOException {
            throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
        }
    };

    public abstract DataWriter createDataWriter(Object bean, Writer w, ExportConfig config) throws IOException;
}
