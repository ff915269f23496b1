package org.deskline.testkit.sipp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The outcome of a sipp run: exit code, call counts from the last line of the statistics file
 * (cumulative columns), the error log and the tail of the message log for failure messages.
 *
 * @param exitCode   0 all calls successful, 1 some failed, 97 internal exit, 99 no calls,
 *                   255 fatal error, 254 socket bind error, -1 not exited
 * @param stats      the last statistics line by column name (e.g. {@code SuccessfulCall(C)})
 */
public record SippResult(int exitCode, List<String> command, Path workDir, Map<String, String> stats,
                         String errors, String messagesTail, String output) {

    private static final int TAIL = 6000;

    static SippResult read(int exitCode, List<String> command, Path workDir, Path statFile, Path errorFile,
                           Path messageFile) {
        return new SippResult(exitCode, command, workDir, lastStats(statFile), text(errorFile, 20_000),
                text(messageFile, TAIL), text(workDir.resolve("sipp.out"), TAIL));
    }

    /** Cumulative successful calls ({@code SuccessfulCall(C)}); 0 without a stat file. */
    public long successful() {
        return counter("SuccessfulCall(C)").orElse(0);
    }

    /** Cumulative failed calls ({@code FailedCall(C)}); without a stat file 0 for exit code 0 or 99, else -1. */
    public long failed() {
        return counter("FailedCall(C)").orElse(exitCode == 0 || exitCode == 99 ? 0 : -1);
    }

    public long totalCreated() {
        return counter("TotalCallCreated").orElse(0);
    }

    /** A cumulative or periodic counter by column name, e.g. {@code Retransmissions(C)}. */
    public OptionalLong counter(String column) {
        String value = stats.get(column);
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Exit code 0 and no failed call. */
    public boolean passed() {
        return exitCode == 0 && failed() == 0;
    }

    /** Fails with {@link #describe()} unless exactly {@code expected} calls succeeded and none failed. */
    public SippResult assertSuccessful(long expected) {
        if (exitCode != 0 || successful() != expected || failed() != 0) {
            throw new AssertionError("expected sipp to complete " + expected + " calls successfully\n" + describe());
        }
        return this;
    }

    /** Exit code, counts, command, error log and the last messages: what a failure message needs. */
    public String describe() {
        StringBuilder b = new StringBuilder("sipp exit code ").append(exitCode).append(" (").append(meaning())
                .append("), successful ").append(successful()).append(", failed ").append(failed())
                .append(", created ").append(totalCreated()).append("\ncommand: ").append(String.join(" ", command))
                .append("\nwork dir: ").append(workDir);
        if (!errors.isBlank()) {
            b.append("\n--- error log:\n").append(errors);
        }
        if (!messagesTail.isBlank()) {
            b.append("\n--- last messages:\n").append(messagesTail);
        }
        if (!output.isBlank() && (exitCode != 0)) {
            b.append("\n--- output:\n").append(output);
        }
        return b.toString();
    }

    private String meaning() {
        switch (exitCode) {
            case 0:
                return "all calls successful";
            case 1:
                return "at least one call failed";
            case 97:
                return "exit on internal command";
            case 99:
                return "normal exit without calls processed";
            case 255:
                return "fatal error";
            case 254:
                return "fatal error binding a socket";
            case -1:
                return "did not exit";
            default:
                return "unknown";
        }
    }

    private static Map<String, String> lastStats(Path file) {
        try {
            if (!Files.exists(file)) {
                return Map.of();
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            if (lines.size() < 2) {
                return Map.of();
            }
            String[] names = lines.get(0).split(";", -1);
            String last = lines.get(lines.size() - 1);
            for (int i = lines.size() - 1; i > 0 && last.isBlank(); i--) {
                last = lines.get(i);
            }
            String[] values = last.split(";", -1);
            Map<String, String> out = new LinkedHashMap<>();
            for (int i = 0; i < names.length && i < values.length; i++) {
                if (!names[i].isEmpty()) {
                    out.put(names[i], values[i]);
                }
            }
            return Collections.unmodifiableMap(out);
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static String text(Path file, int tail) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            byte[] bytes = Files.readAllBytes(file);
            int from = Math.max(0, bytes.length - tail);
            String s = new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
            return from > 0 ? "[... " + from + " bytes before]\n" + s : s;
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
