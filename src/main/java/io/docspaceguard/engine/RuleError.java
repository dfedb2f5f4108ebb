package io.docspaceguard.engine;

/** One problem found while compiling the rule files; {@code line} is 0 when unknown. */
public record RuleError(String file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
