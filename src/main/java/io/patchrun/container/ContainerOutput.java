package io.patchrun.container;

import java.util.List;

/**
 * What a container printed (its last log lines, its HEALTHCHECK's output, a smoke command's output) inside a
 * message that is recorded, shown and sent. Such output often holds connection strings and other secrets, so
 * a message marks it, between {@value #START} and {@value #END}: the pages and the API show it to ADMINs only,
 * and everyone else reads the message with the output {@linkplain #withheld withheld}.
 */
public final class ContainerOutput {

    public static final char START = '⟦';
    public static final char END = '⟧';
    static final String WITHHELD = START + "container output, shown to ADMINs only" + END;

    private ContainerOutput() {
    }

    /** {@code output} marked as a container's; marks in the output itself are dropped, so it cannot end early. */
    public static String quote(String output) {
        return START + output.replace(String.valueOf(START), "").replace(String.valueOf(END), "") + END;
    }

    /** Lines of output, joined on one line with {@code " | "} and marked. */
    public static String quote(List<String> lines) {
        return quote(String.join(" | ", lines));
    }

    /**
     * {@code message} with every marked output replaced by a note that it is shown to ADMINs only. A mark left
     * open (a message cut short to fit its column) withholds everything after it.
     */
    public static String withheld(String message) {
        if (message == null || message.indexOf(START) < 0) {
            return message;
        }
        StringBuilder shown = new StringBuilder(message.length());
        int at = 0;
        while (at < message.length()) {
            int start = message.indexOf(START, at);
            if (start < 0) {
                shown.append(message, at, message.length());
                break;
            }
            shown.append(message, at, start).append(WITHHELD);
            int end = message.indexOf(END, start + 1);
            at = end < 0 ? message.length() : end + 1;
        }
        return shown.toString();
    }
}
