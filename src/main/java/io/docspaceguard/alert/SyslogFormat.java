package io.docspaceguard.alert;

import io.docspaceguard.incident.Incident;
import io.docspaceguard.incident.TrailEntry;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 5424 messages in RFC 6587 §3.4.1 octet-counting frames ({@code LEN SP MSG}, the framing RFC 5425 TLS
 * syslog requires). Written here rather than taken from a library: the format is one line of header and a
 * few escapes, and the Java syslog clients on Maven Central are either unmaintained for years or logging
 * back-ends (Logback's appender speaks RFC 3164 over UDP) that would route our own log into the SIEM.
 */
final class SyslogFormat {
    /**
     * authpriv (10), "security/authorization messages": stock rsyslog and syslog-ng configurations file it in
     * a root-only log (/var/log/secure, auth.log) and SIEM content maps it to authentication and access
     * events, which is what incidents and reviewer decisions about accounts are. Facility 13 (log audit) has
     * no name in rsyslog's or syslog-ng's filters, so operators could not route it without numbers.
     */
    static final int FACILITY_AUTHPRIV = 10;
    static final String APP_NAME = "docspace-guard";
    /** A private-enterprise-number-style SD-ID; 32473 is the example PEN that RFC 5612 sets aside. */
    static final String SD_ID = "guard@32473";
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);
    /** RFC 5424 §6.4: a UTF-8 MSG starts with the byte order mark. */
    private static final String BOM = "\uFEFF";

    private final String hostname;
    private final String procId;

    SyslogFormat(String hostname, long pid) {
        this.hostname = headerField(hostname, 255);
        this.procId = headerField(String.valueOf(pid), 128);
    }

    /** The whole frame, ready for the wire. */
    byte[] frame(SiemEvent event) {
        byte[] message = message(event).getBytes(StandardCharsets.UTF_8);
        byte[] prefix = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, frame, 0, prefix.length);
        System.arraycopy(message, 0, frame, prefix.length, message.length);
        return frame;
    }

    /** {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] BOM MSG}. */
    String message(SiemEvent event) {
        int pri = FACILITY_AUTHPRIV * 8 + event.severity().code;
        return "<" + pri + ">1 " + TIMESTAMP.format(event.at()) + " " + hostname + " " + APP_NAME + " " + procId
                + " " + headerField(event.kind(), 32) + " " + structuredData(event) + " " + BOM + event.message();
    }

    private static String structuredData(SiemEvent event) {
        Map<String, Object> params = params(event);
        StringBuilder sd = new StringBuilder("[").append(SD_ID);
        params.forEach((name, value) -> {
            if (value != null) {
                sd.append(' ').append(name).append("=\"").append(escape(String.valueOf(value))).append('"');
            }
        });
        return sd.append(']').toString();
    }

    private static Map<String, Object> params(SiemEvent event) {
        Map<String, Object> params = new LinkedHashMap<>();
        TrailEntry trail = event.trail();
        Incident incident = event.incident();
        if (trail != null) {
            params.put("trailId", trail.id());
            params.put("action", trail.action());
            params.put("actor", trail.actor());
            params.put("incidentId", trail.incidentId());
            params.put("userId", trail.userId());
        } else if (incident != null) {
            params.put("incidentId", incident.id());
            params.put("rule", incident.rule());
            params.put("userId", incident.userId());
            params.put("severity", incident.severity());
            params.put("status", incident.status() == null ? null : incident.status().wireName());
            params.put("fileCount", incident.fileCount());
        } else {
            params.put("rule", event.details().get("rule"));
        }
        return params;
    }

    /** RFC 5424 §6.3.3: inside PARAM-VALUE, {@code "}, {@code \} and {@code ]} are escaped with a backslash. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
    }

    /** Header fields are 1..max printable US-ASCII characters, or "-" (NILVALUE). */
    static String headerField(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < value.length() && field.length() < max; i++) {
            char c = value.charAt(i);
            field.append(c >= 33 && c <= 126 ? c : '_');
        }
        return field.toString();
    }
}
