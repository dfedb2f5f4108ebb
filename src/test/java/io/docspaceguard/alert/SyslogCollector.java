package io.docspaceguard.alert;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A real syslog collector on a loopback port, plain TCP or TLS: reads RFC 6587 octet-counted frames as rsyslog's
 * imtcp or syslog-ng's network() source would, and refuses anything else.
 */
public final class SyslogCollector implements AutoCloseable {
    /** One received message and the number (from 1) of the connection it came on. */
    public record Frame(int connection, int declaredLength, byte[] bytes) {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket server;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile boolean dropAfterEachFrame;

    private SyslogCollector(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::accept, "syslog-collector");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static SyslogCollector plain() throws IOException {
        return new SyslogCollector(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /** TLS with the key and certificate in a PKCS#12 key store (see {@link TestCertificates}). */
    public static SyslogCollector tls(Path keyStore, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(keyStore)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return new SyslogCollector(context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress()));
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The next frame; fails the test when none came within the (generous) wait. */
    public Frame next() throws InterruptedException {
        Frame frame = frames.poll(20, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no syslog frame arrived; collector errors: " + errors);
        }
        return frame;
    }

    /** Frames received so far and not yet taken. */
    public List<Frame> pending() {
        return List.copyOf(frames);
    }

    public int connections() {
        return connections.get();
    }

    /** Connections that ended in an error, e.g. a failed TLS handshake. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Close each connection after its first frame, as a collector restart or an idle timeout would. */
    public void dropAfterEachFrame() {
        dropAfterEachFrame = true;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                clients.add(client);
                int number = connections.incrementAndGet();
                Thread reader = new Thread(() -> read(client, number), "syslog-collector-" + number);
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(Socket client, int connection) {
        try (client; InputStream in = client.getInputStream()) {
            while (true) {
                int length = length(in);
                if (length < 0) {
                    return;
                }
                byte[] message = in.readNBytes(length);
                if (message.length < length) {
                    throw new EOFException("frame cut short");
                }
                if (dropAfterEachFrame) {
                    // Closed before the test can see the frame, so the sender's next write meets a closed peer.
                    client.close();
                    frames.add(new Frame(connection, length, message));
                    return;
                }
                frames.add(new Frame(connection, length, message));
            }
        } catch (IOException e) {
            errors.add(e.toString());
        }
    }

    /** MSG-LEN SP: digits, no leading zero; -1 at a clean end of stream. */
    private static int length(InputStream in) throws IOException {
        ByteArrayOutputStream digits = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b == -1) {
                if (digits.size() == 0) {
                    return -1;
                }
                throw new EOFException("stream ended inside a frame length");
            }
            if (b == ' ') {
                String text = digits.toString(StandardCharsets.US_ASCII);
                if (text.isEmpty() || text.startsWith("0")) {
                    throw new IOException("bad frame length '" + text + "'");
                }
                return Integer.parseInt(text);
            }
            if (b < '0' || b > '9' || digits.size() > 9) {
                throw new IOException("not octet-counted framing: byte " + b);
            }
            digits.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket client : clients) {
            client.close();
        }
    }
}
