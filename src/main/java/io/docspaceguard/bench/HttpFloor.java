package io.docspaceguard.bench;

import io.javalin.Javalin;

/**
 * The floor of the API benchmark: the service's web server (Javalin on Jetty) and nothing else, in a JVM of its own
 * started with the service's options, answering every GET with {@code {}} at once. What the load generator measures
 * of it is what the machine, the JVM and HTTP cost before the service does any work.
 */
public final class HttpFloor {
    private HttpFloor() {
    }

    /** Listens on 127.0.0.1 at {@code GUARD_HTTP_PORT} until stopped. */
    public static void main(String[] args) {
        int port = Integer.parseInt(System.getenv("GUARD_HTTP_PORT"));
        Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = port;
            cfg.routes.get("/*", ctx -> ctx.contentType("application/json").result("{}"));
        }).start();
    }
}
