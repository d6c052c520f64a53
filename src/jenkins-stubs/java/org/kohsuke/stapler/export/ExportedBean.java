package org.kohsuke.stapler.export;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import org.jvnet.hudson.annotation_indexer.Indexed;

/** Stub of stapler {@code ExportedBean}: the type has a remote API. */
@Retention(RUNTIME)
@Target(TYPE)
@Documented
@Indexed
@Inherited
public @interface ExportedBean {
    int defaultVisibility() default 1;
}
