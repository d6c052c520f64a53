package io.jenkins.plugins.openmaru.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads container image references: {@code [registry/]repo[:tag][@sha256:digest]}. */
public final class ImageReferences {
    private static final Pattern REFERENCE = Pattern.compile(
            "(?<repo>[a-z0-9][a-z0-9._/:-]*?)(?::(?<tag>[\\w][\\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?");

    private ImageReferences() {
    }

    /** True for a well-formed reference that names a tag or a digest (not just a repository). */
    public static boolean isPinnedOrTagged(String reference) {
        Matcher m = match(reference);
        return m != null && (m.group("tag") != null || m.group("digest") != null);
    }

    /** The digest ({@code sha256:...}) of a pinned reference, or null. */
    public static String digest(String reference) {
        Matcher m = match(reference);
        return m == null ? null : m.group("digest");
    }

    /** The reference without tag and digest, e.g. {@code quay.io/org/app}. */
    public static String repository(String reference) {
        Matcher m = match(reference);
        if (m == null) {
            throw new ValidationException("image", reference, "an image reference such as quay.io/org/app:1.2");
        }
        return m.group("repo");
    }

    /** {@code repository@digest}: the form that always pulls exactly the same bytes. */
    public static String pinned(String repositoryOrReference, String digest) {
        return repository(repositoryOrReference) + "@" + digest;
    }

    private static Matcher match(String reference) {
        if (reference == null) {
            return null;
        }
        Matcher m = REFERENCE.matcher(reference.trim());
        return m.matches() ? m : null;
    }
}
