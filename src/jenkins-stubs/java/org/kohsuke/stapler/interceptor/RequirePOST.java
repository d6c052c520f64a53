package org.kohsuke.stapler.interceptor;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Stub of stapler {@code RequirePOST}: Stapler refuses other verbs for the annotated {@code do*} method. */
@Retention(RUNTIME)
@Target(METHOD)
public @interface RequirePOST {
}
