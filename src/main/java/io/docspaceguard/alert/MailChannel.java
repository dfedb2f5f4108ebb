package io.docspaceguard.alert;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.docspaceguard.incident.Incident;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Properties;

/** Sends a plain-text e-mail to the security contact through SMTP (Jakarta Mail, Angus implementation). */
final class MailChannel implements Channel {
    private static final Logger log = LoggerFactory.getLogger(MailChannel.class);
    static final String SUBJECT_PREFIX = "[docspace-guard] ";
    private static final int SUBJECT_TEXT_MAX = 120;

    private final AlertSettings.Smtp smtp;
    private final Session session;
    private final String target;
    private final Redactor redactor;
    private final RetryPolicy<Object> retryPolicy;

    MailChannel(AlertSettings.Smtp smtp, Duration timeout, int retries, Duration baseBackoff, Duration maxBackoff) {
        this.smtp = smtp;
        this.session = Session.getInstance(properties(smtp, timeout));
        this.target = "smtp://" + smtp.host() + ":" + smtp.port();
        this.redactor = new Redactor().add(smtp.password());
        if (smtp.password() != null) {
            // AUTH LOGIN and AUTH PLAIN put these on the wire; a server could echo them in an error.
            Base64.Encoder b64 = Base64.getEncoder();
            redactor.add(b64.encodeToString(smtp.password().getBytes(StandardCharsets.UTF_8)))
                    .add(b64.encodeToString(("\0" + smtp.user() + "\0" + smtp.password())
                            .getBytes(StandardCharsets.UTF_8)));
        }
        this.retryPolicy = RetryPolicy.builder()
                .handle(MessagingException.class)
                // A wrong password or a rejected address will not get better by asking again.
                .abortOn(AuthenticationFailedException.class, SendFailedException.class, AddressException.class)
                .withMaxRetries(retries)
                .withBackoff(baseBackoff, maxBackoff)
                .onRetry(e -> log.info("alert retry channel=email target={} attempt={} cause={}", target,
                        e.getAttemptCount(), redactor.describe(e.getLastException())))
                .build();
    }

    private static Properties properties(AlertSettings.Smtp smtp, Duration timeout) {
        String millis = String.valueOf(timeout.toMillis());
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", String.valueOf(smtp.port()));
        props.put("mail.smtp.connectiontimeout", millis);
        props.put("mail.smtp.timeout", millis);
        props.put("mail.smtp.writetimeout", millis);
        props.put("mail.smtp.auth", String.valueOf(smtp.user() != null));
        if (smtp.port() == 465) {
            props.put("mail.smtp.ssl.enable", "true");
        } else if (smtp.startTls()) {
            // required: never fall back to sending the password in clear.
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        return props;
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException {
        try {
            MimeMessage message = message(alert);
            Failsafe.with(retryPolicy).run(() -> {
                if (smtp.user() == null) {
                    Transport.send(message);
                } else {
                    Transport.send(message, smtp.user(), smtp.password());
                }
            });
        } catch (MessagingException e) {
            throw new DeliveryException(redactor.describe(e));
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new DeliveryException("interrupted");
            }
            throw new DeliveryException(redactor.describe(cause));
        }
    }

    private MimeMessage message(Alert alert) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(smtp.from()));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(smtp.to()));
        message.setSubject(subject(alert), "UTF-8");
        message.setText(body(alert), "UTF-8");
        message.setSentDate(new Date());
        return message;
    }

    static String subject(Alert alert) {
        String text = alert.text().replaceAll("[\\r\\n]+", " ").strip();
        if (text.length() > SUBJECT_TEXT_MAX) {
            text = text.substring(0, SUBJECT_TEXT_MAX - 1) + "…";
        }
        return SUBJECT_PREFIX + text;
    }

    static String body(Alert alert) {
        StringBuilder body = new StringBuilder(alert.text()).append("\n\n");
        line(body, "Kind", alert.kind());
        Incident incident = alert.incident();
        if (incident != null) {
            line(body, "Incident", incident.id());
            line(body, "User", incident.userName() == null ? incident.userId()
                    : incident.userName() + " (" + incident.userId() + ")");
            line(body, "Rule", incident.rule());
            line(body, "Severity", incident.severity());
            line(body, "Status", incident.status() == null ? null : incident.status().wireName());
            line(body, "Files", incident.fileCount());
            line(body, "First event", incident.firstEventAt());
            line(body, "Last event", incident.lastEventAt());
            line(body, "Created", incident.createdAt());
            line(body, "Rules version", incident.rulesVersion());
        }
        for (Map.Entry<String, Object> detail : alert.details().entrySet()) {
            line(body, detail.getKey(), detail.getValue());
        }
        return body.toString();
    }

    private static void line(StringBuilder body, String label, Object value) {
        body.append(label).append(": ").append(value == null ? "-" : value).append('\n');
    }
}
