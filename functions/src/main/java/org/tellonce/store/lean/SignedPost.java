package org.tellonce.store.lean;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * One AWS JSON-protocol endpoint ({@code POST /} with {@code X-Amz-Target}), reached over
 * {@link HttpURLConnection} (keep-alive) and signed with SigV4: the transport the lean DynamoDB
 * client and the lean SSM read share. Credentials are asked for on every request (providers cache).
 */
final class SignedPost {
    /** What came back: the status, the body, and the headers the callers read. */
    record Answer(int status, byte[] body, String requestId, String crc32, Map<String, List<String>> headers) {
    }

    private final URL url;
    private final String host;
    private final String contentType;
    private final String userAgent;
    private final AwsCredentialsProvider credentials;
    private final SigV4 signer;

    /**
     * @param endpoint the service's endpoint; it may have no path
     * @param service the SigV4 service name ("dynamodb", "ssm")
     */
    SignedPost(URI endpoint, String region, String service, String contentType, String userAgent,
               AwsCredentialsProvider credentials) {
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        if (!"/".equals(path)) {
            throw new IllegalArgumentException("an AWS JSON endpoint has no path: " + endpoint);
        }
        try {
            this.url = endpoint.resolve("/").toURL();
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("bad endpoint " + endpoint, e);
        }
        int port = url.getPort();
        this.host = port == -1 || port == url.getDefaultPort() ? url.getHost() : url.getHost() + ":" + port;
        this.contentType = contentType;
        this.userAgent = userAgent;
        this.credentials = credentials;
        this.signer = new SigV4(region, service);
    }

    /**
     * Sends one signed request and reads the whole answer. A broken connection is disconnected, so
     * it does not go back to the keep-alive pool.
     *
     * @param epochSecond the signing time
     */
    Answer send(String target, byte[] body, int connectTimeoutMillis, int readTimeoutMillis, long epochSecond)
            throws IOException {
        AwsCredentials creds = credentials.resolveCredentials();
        String token = creds instanceof AwsSessionCredentials session ? session.sessionToken() : null;
        SigV4.Signed signed = signer.sign(host, contentType, target, body, creds.accessKeyId(),
                creds.secretAccessKey(), token, epochSecond);
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        try {
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setUseCaches(false);
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(connectTimeoutMillis);
            connection.setReadTimeout(readTimeoutMillis);
            connection.setFixedLengthStreamingMode(body.length);
            connection.setRequestProperty("Content-Type", contentType);
            connection.setRequestProperty("X-Amz-Target", target);
            connection.setRequestProperty("X-Amz-Content-Sha256", signed.contentSha256());
            connection.setRequestProperty("X-Amz-Date", signed.amzDate());
            if (token != null) {
                connection.setRequestProperty("X-Amz-Security-Token", token);
            }
            connection.setRequestProperty("Authorization", signed.authorization());
            connection.setRequestProperty("Accept", "*/*");
            connection.setRequestProperty("User-Agent", userAgent);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] answer = new byte[0];
            if (in != null) {
                try (in) {
                    answer = in.readAllBytes();
                }
            }
            return new Answer(status, answer, connection.getHeaderField("x-amzn-RequestId"),
                    connection.getHeaderField("x-amz-crc32"), status >= 400 ? connection.getHeaderFields() : null);
        } catch (IOException e) {
            connection.disconnect();
            throw e;
        }
    }
}
