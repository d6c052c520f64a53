package org.kohsuke.stapler.verb;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Stub of stapler {@code POST}: the annotated web method answers POST only. */
@Retention(RUNTIME)
@Target(METHOD)
@Documented
public @interface POST {
}
