package org.tellonce.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * moto's recording (one JSON request a line, in the order moto received them) kept to the requests
 * that changed something. Reads (GetItem, Query, the stream pollers' GetRecords...) change nothing, so
 * replaying without them rebuilds the same tables, items and stream records, in the same order and
 * with the same sequence numbers, in a fraction of the time.
 */
final class MotoRecording {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Operations that only read, by name prefix (JSON protocol targets and query protocol actions). */
    private static final List<String> READS = List.of("Get", "Describe", "List", "Query", "Scan", "BatchGet",
            "TransactGet", "Receive");

    private MotoRecording() {
    }

    /**
     * Rewrites the recording without its reads.
     *
     * @return whether anything is left to replay
     */
    static boolean compact(Path recording) {
        if (!Files.exists(recording)) {
            return false;
        }
        Path compacted = recording.resolveSibling(recording.getFileName() + ".compacting");
        long kept = 0;
        try (BufferedReader in = Files.newBufferedReader(recording, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(compacted, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank() && changesState(line)) {
                    out.write(line);
                    out.write('\n');
                    kept++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read moto's recording " + recording + ": " + e.getMessage(), e);
        }
        try {
            Files.move(compacted, recording, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not rewrite moto's recording " + recording, e);
        }
        return kept > 0;
    }

    static boolean changesState(String line) {
        JsonNode request;
        try {
            request = JSON.readTree(line);
        } catch (IOException e) {
            // A line cut short by a crash mid-write: nothing moto applied can depend on it being replayed.
            return false;
        }
        if ("GET".equalsIgnoreCase(request.path("method").asText())) {
            return false;
        }
        String operation = operation(request);
        if (operation.startsWith("DynamoDBStreams_") || operation.startsWith("AmazonSQS.")) {
            // The webhook queue is not replayed: the stack creates it at each start, and replaying its sends
            // would deliver every webhook ever sent again (a queued, undelivered event is lost on a restart).
            return false;
        }
        String name = operation.substring(operation.lastIndexOf('.') + 1);
        return READS.stream().noneMatch(name::startsWith);
    }

    /** {@code X-Amz-Target} (JSON protocol, e.g. DynamoDB_20120810.PutItem), else the form's Action. */
    private static String operation(JsonNode request) {
        var headers = request.path("headers").fields();
        while (headers.hasNext()) {
            var header = headers.next();
            if (header.getKey().toLowerCase(Locale.ROOT).equals("x-amz-target")) {
                return header.getValue().asText();
            }
        }
        String body = request.path("body").asText("");
        if (request.path("body_encoded").asBoolean()) {
            body = new String(java.util.Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        for (String pair : body.split("&")) {
            if (pair.startsWith("Action=")) {
                return pair.substring("Action=".length());
            }
        }
        return "";
    }
}
