package io.docspaceguard.store;

/**
 * Text made safe to store in any column: PostgreSQL refuses NUL characters in text, so control characters
 * (other than tab and line breaks) are written as {@code \\uXXXX} escapes, and overlong text is cut.
 */
public final class SafeText {
    private SafeText() {
    }

    /** The text with control characters escaped and cut to {@code maxLength} characters; null stays null. */
    public static String of(String text, int maxLength) {
        if (text == null || (text.length() <= maxLength && clean(text))) {
            return text; // the usual case, every audit row: no copy
        }
        StringBuilder safe = new StringBuilder(Math.min(text.length(), maxLength) + 16);
        for (int i = 0; i < text.length() && safe.length() < maxLength; i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                safe.append(String.format("\\u%04x", (int) c));
            } else {
                safe.append(c);
            }
        }
        if (safe.length() > maxLength) {
            safe.setLength(maxLength);
        }
        return safe.toString();
    }

    private static boolean clean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Whether the text can be stored as it is. */
    public static boolean storable(String text) {
        return text == null || text.indexOf('\0') < 0;
    }
}
