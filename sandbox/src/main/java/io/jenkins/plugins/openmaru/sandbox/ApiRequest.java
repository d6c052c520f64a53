package io.jenkins.plugins.openmaru.sandbox;

/** One request the simulated API server received. */
public record ApiRequest(String method, String path, String body) {

    /** Whether the request changes something (POST, PUT, PATCH, DELETE). */
    public boolean mutating() {
        return !method.equals("GET");
    }

    /** The path without its query string. */
    public String resourcePath() {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    public boolean isWatch() {
        return path.contains("watch=true");
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
