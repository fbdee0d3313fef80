package dev.telemetry.localstack.support;

/** An embedded broker could not start because its port on 127.0.0.1 is taken. */
public final class PortInUseException extends IllegalStateException {

    private final int port;

    public PortInUseException(String what, int port, Throwable cause) {
        super(what + " cannot listen on " + Ports.LOOPBACK + ":" + port
                + ": the port is already in use (another broker still running?). "
                + "Stop that process or choose another port (0 picks a free one). Cause: " + cause.getMessage(), cause);
        this.port = port;
    }

    /** The port that was taken. */
    public int port() {
        return port;
    }
}
