package dev.telemetry.localstack.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Loopback port helpers for the embedded brokers.
 *
 * <p>Both brokers need their port before they start (Kafka writes it into the quorum
 * configuration, HiveMQ into its config file), so "port 0" is resolved here by asking the OS for a
 * free port and releasing it. Another process could take it in between; that window is a few
 * milliseconds and the broker then fails with a bind error naming the port.
 */
public final class Ports {

    /** The address every embedded broker binds to: loopback only, never reachable from outside. */
    public static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    /** A port on 127.0.0.1 that was free a moment ago. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + LOOPBACK, e);
        }
    }

    /** {@code port} itself, or a free port when it is 0. */
    public static int resolve(int port, String what) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(what + " port must be 0 (any free port) or 1..65535, was " + port);
        }
        return port == 0 ? freePort() : port;
    }

    /**
     * Fails with {@link PortInUseException} when something already listens on {@code port} of
     * 127.0.0.1 (or the port cannot be bound for another reason).
     *
     * @param what names the user of the port in the message, e.g. "Kafka broker"
     */
    public static void ensureFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
        } catch (IOException e) {
            throw new PortInUseException(what, port, e);
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port} right now. */
    public static boolean isListening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
