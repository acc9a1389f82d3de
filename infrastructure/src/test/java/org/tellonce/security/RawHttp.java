package org.tellonce.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Bytes on a socket, for requests no well-behaved HTTP client would send (broken request lines,
 * broken chunking, paths with bad percent-encoding).
 */
final class RawHttp {
    /** No status line came back: the server closed the connection or said nothing in time. */
    static final int NO_ANSWER = -1;

    private RawHttp() {
    }

    static int status(int port, byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            String status = line.toString(StandardCharsets.ISO_8859_1);
            if (!status.startsWith("HTTP/1.")) {
                return NO_ANSWER;
            }
            String[] parts = status.split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1].trim()) : NO_ANSWER;
        } catch (SocketTimeoutException e) {
            return NO_ANSWER;
        } catch (IOException e) {
            return NO_ANSWER;
        }
    }

    static byte[] bytes(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : parts) {
            out.writeBytes(p.getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }
}
