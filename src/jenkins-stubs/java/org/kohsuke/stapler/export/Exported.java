package org.kohsuke.stapler.export;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Stub of stapler {@code Exported}: the property appears in the remote API (api/json). */
@Retention(RUNTIME)
@Target({FIELD, METHOD})
@Documented
public @interface Exported {
    int visibility() default 1;

    String name() default "";

    boolean inline() default false;

    boolean merge() default false;

    boolean skipNull() default false;

    String verboseMap() default "";
}
