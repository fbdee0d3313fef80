package dev.telemetry.simulator.mqtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Wraps a socket factory and remembers the last socket it made, so that {@link #drop()} can close
 * it under the MQTT client: the broker sees the TCP connection end without a DISCONNECT packet
 * (it publishes the will, keeps the session), the client sees an I/O error and reconnects, exactly
 * as after a network failure. Plain TCP only: Paho's ssl:// and ws:// modules need their own
 * factories.
 */
final class DroppableSocketFactory extends SocketFactory {

    private final SocketFactory delegate;
    private volatile Socket last;

    DroppableSocketFactory(SocketFactory delegate) {
        this.delegate = delegate;
    }

    /** Closes the current socket; false when there is none open. */
    boolean drop() {
        Socket socket = last;
        if (socket == null || socket.isClosed()) {
            return false;
        }
        try {
            socket.close();
            return true;
        } catch (IOException e) {
            // closing a socket only fails when it is broken already, which is what we wanted
            return true;
        }
    }

    private Socket remember(Socket socket) {
        last = socket;
        return socket;
    }

    @Override
    public Socket createSocket() throws IOException {
        return remember(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return remember(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return remember(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return remember(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return remember(delegate.createSocket(address, port, localAddress, localPort));
    }
}
