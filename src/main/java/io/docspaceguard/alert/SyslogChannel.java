package io.docspaceguard.alert;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends RFC 5424 messages to a syslog collector over one long-lived TCP connection, TLS by default (RFC 5425).
 * A broken connection is closed and opened again on the next attempt, under the same retries and backoff as
 * the other channels. A server certificate that does not verify against the trusted CAs, or that is not for
 * the configured host, fails the delivery at once: asking again will not make it trustworthy.
 */
final class SyslogChannel implements SiemChannel {
    private static final Logger log = LoggerFactory.getLogger(SyslogChannel.class);

    private final AlertSettings.Syslog settings;
    private final int timeoutMillis;
    private final SSLSocketFactory tls;
    private final SyslogFormat format;
    private final String target;
    private final Redactor redactor = new Redactor();
    private final RetryPolicy<Object> retryPolicy;
    private Socket socket;
    private OutputStream out;

    SyslogChannel(AlertSettings.Syslog settings, Duration timeout, int retries, Duration baseBackoff,
                  Duration maxBackoff) {
        this.settings = settings;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.tls = settings.tls() ? socketFactory(settings) : null;
        this.format = new SyslogFormat(localHostName(), ProcessHandle.current().pid());
        this.target = (settings.tls() ? "syslog+tls://" : "syslog+tcp://") + settings.host() + ":" + settings.port();
        this.retryPolicy = RetryPolicy.builder()
                .handle(IOException.class)
                .abortIf((result, failure) -> untrusted(failure))
                .withMaxRetries(retries)
                .withBackoff(baseBackoff, maxBackoff)
                .onRetry(e -> log.info("alert retry channel=syslog target={} attempt={} cause={}", target,
                        e.getAttemptCount(), redactor.describe(e.getLastException())))
                .build();
    }

    private static SSLSocketFactory socketFactory(AlertSettings.Syslog settings) {
        try {
            TrustManagerFactory trust;
            if (settings.caFile() == null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init((java.security.KeyStore) null);
            } else {
                trust = PemCertificates.trust(settings.caFile());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("GUARD_SYSLOG_CA_FILE: cannot use " + settings.caFile() + ": "
                    + e.getMessage(), e);
        }
    }

    /** RFC 5424 §6.2.4 prefers the FQDN; the plain name will do, and "-" when the machine has none. */
    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean untrusted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateException || t instanceof SSLPeerUnverifiedException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String name() {
        return "syslog";
    }

    @Override
    public String target() {
        return target;
    }

    /** Synchronized: frames from two threads must not interleave on the one connection. */
    @Override
    public synchronized void deliver(SiemEvent event) throws DeliveryException {
        byte[] frame = format.frame(event);
        try {
            Failsafe.with(retryPolicy).run(() -> send(frame));
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new DeliveryException("interrupted");
            }
            throw new DeliveryException(redactor.describe(cause));
        }
    }

    private void send(byte[] frame) throws IOException {
        try {
            if (socket != null && peerClosed()) {
                disconnect();
            }
            if (socket == null) {
                connect();
            }
            out.write(frame);
            out.flush();
        } catch (IOException e) {
            disconnect();
            throw e;
        }
    }

    private void connect() throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(settings.host(), settings.port()), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            plain.setKeepAlive(true);
            if (tls == null) {
                socket = plain;
            } else {
                SSLSocket secure = (SSLSocket) tls.createSocket(plain, settings.host(), settings.port(), true);
                SSLParameters parameters = secure.getSSLParameters();
                // Without this, any certificate the CA signed would do, whatever host it was issued for.
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
                secure.startHandshake();
                socket = secure;
            }
            out = socket.getOutputStream();
        } catch (IOException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * Collectors never write on a syslog connection, so anything readable is the end of it. Checking before
     * each write catches a connection an idle timeout closed; otherwise the first frame after it would be
     * written into the dead socket without an error, and lost.
     */
    private boolean peerClosed() {
        try {
            socket.setSoTimeout(1);
            InputStream in = socket.getInputStream();
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            try {
                if (!socket.isClosed()) {
                    socket.setSoTimeout(timeoutMillis);
                }
            } catch (IOException ignored) {
                // the next write finds out
            }
        }
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection; nothing left to save
            }
        }
        socket = null;
        out = null;
    }

    @Override
    public synchronized void close() {
        disconnect();
    }
}
