package dev.pharos.scanner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP relay on a fixed loopback port in front of a real registry, so a test can take "the registry" away and
 * bring it back at the same address (events name the registry by host and port): {@link #stop()} refuses
 * connections, {@link #start()} relays again, and {@link #hold()} accepts connections but relays nothing until
 * {@link #release()}, like a registry that hangs.
 */
final class RegistryRelay implements AutoCloseable {
    private final int port;
    private final int target;
    private final List<Socket> sockets = new ArrayList<>();
    private ServerSocket server;
    private volatile CountDownLatch held = new CountDownLatch(0);

    private RegistryRelay(int port, int target) {
        this.port = port;
        this.target = target;
    }

    /** A relay to {@code 127.0.0.1:<targetPort>}, listening. */
    static RegistryRelay to(String targetHostPort) {
        int targetPort = Integer.parseInt(targetHostPort.substring(targetHostPort.lastIndexOf(':') + 1));
        RegistryRelay relay = new RegistryRelay(dev.pharos.harness.Peers.freeLoopbackPort(), targetPort);
        relay.start();
        return relay;
    }

    String hostPort() {
        return "127.0.0.1:" + port;
    }

    synchronized void start() {
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerSocket listening = server;
        Thread.ofVirtual().start(() -> accept(listening));
    }

    /** Closes the listener and every relayed connection: the registry is gone. */
    synchronized void stop() {
        closeQuietly(server);
        sockets.forEach(RegistryRelay::closeQuietly);
        sockets.clear();
    }

    void hold() {
        held = new CountDownLatch(1);
    }

    void release() {
        held.countDown();
    }

    @Override
    public void close() {
        release();
        stop();
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                synchronized (this) {
                    sockets.add(client);
                    sockets.add(upstream);
                }
                Thread.ofVirtual().start(() -> pump(client, upstream));
                Thread.ofVirtual().start(() -> pump(upstream, client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            held.await();
            in.transferTo(out);
        } catch (IOException | InterruptedException ended) {
            // one side closed: close the other so the client sees the end too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // already closed
        }
    }
}
