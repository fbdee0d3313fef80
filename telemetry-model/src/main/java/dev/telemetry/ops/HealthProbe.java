package dev.telemetry.ops;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A container health check without curl or a shell: {@code java -cp @/app/jib-classpath-file
 * dev.telemetry.ops.HealthProbe http://127.0.0.1:8081/health/ready} exits 0 when the endpoint answers 2xx
 * within the timeout and 1 otherwise, printing one line either way. The service images are distroless (a
 * JRE and nothing else), so this is what Docker Compose's {@code healthcheck} runs; Kubernetes probes the
 * same endpoints with {@code httpGet} and does not need it.
 */
public final class HealthProbe {

    /** Exit status when the endpoint answered 2xx. */
    public static final int HEALTHY = 0;
    /** Exit status for any other answer, no answer, or bad arguments. */
    public static final int UNHEALTHY = 1;

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private HealthProbe() {
    }

    public static void main(String[] args) {
        System.exit(probe(args, System.out));
    }

    /**
     * Probes {@code args[0]} (an http URL), with an optional timeout in milliseconds as {@code args[1]}.
     *
     * @return {@link #HEALTHY} or {@link #UNHEALTHY}
     */
    public static int probe(String[] args, PrintStream out) {
        if (args.length < 1 || args.length > 2) {
            out.println("usage: HealthProbe URL [TIMEOUT_MS], e.g. http://127.0.0.1:8080/health/ready");
            return UNHEALTHY;
        }
        URI uri;
        Duration timeout;
        try {
            uri = URI.create(args[0]);
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                out.println("not an http URL: " + args[0]);
                return UNHEALTHY;
            }
            timeout = args.length == 2 ? Duration.ofMillis(Long.parseLong(args[1])) : DEFAULT_TIMEOUT;
        } catch (IllegalArgumentException e) {
            out.println("bad argument: " + e.getMessage());
            return UNHEALTHY;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            out.println(uri + " -> " + status + " " + abbreviate(response.body()));
            return status >= 200 && status < 300 ? HEALTHY : UNHEALTHY;
        } catch (IOException e) {
            out.println(uri + " -> no answer: " + e);
            return UNHEALTHY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println(uri + " -> interrupted");
            return UNHEALTHY;
        }
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
