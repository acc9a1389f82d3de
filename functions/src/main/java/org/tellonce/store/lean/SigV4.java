package org.tellonce.store.lean;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for one shape of request: {@code POST /} with no query string and the
 * headers {@code content-type}, {@code host}, {@code x-amz-content-sha256}, {@code x-amz-date},
 * {@code x-amz-target} and, for session credentials, {@code x-amz-security-token} — the headers the
 * SDK's own signer ({@code AwsV4HttpSigner}) signs on the same request. The derived signing key is cached per secret
 * key and day.
 */
final class SigV4 {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String region;
    private final String service;
    private volatile CachedKey cached;

    private record CachedKey(String secretKey, String day, byte[] key) {
    }

    /** What the request carries after signing. */
    record Signed(String amzDate, String contentSha256, String authorization) {
    }

    SigV4(String region, String service) {
        this.region = region;
        this.service = service;
    }

    /**
     * @param host the Host header as sent: the host name, plus ":port" when the port is not the scheme's default
     * @param sessionToken null for long-term credentials
     */
    Signed sign(String host, String contentType, String target, byte[] body, String accessKeyId, String secretKey,
                String sessionToken, Instant now) {
        return sign(host, contentType, target, body, accessKeyId, secretKey, sessionToken, now.getEpochSecond());
    }

    /** @param epochSecond the signing time (java.time is left alone: its first use costs ~30 ms at cold start) */
    Signed sign(String host, String contentType, String target, byte[] body, String accessKeyId, String secretKey,
                String sessionToken, long epochSecond) {
        String[] dayAndTime = utc(epochSecond);
        String day = dayAndTime[0];
        String amzDate = day + "T" + dayAndTime[1] + "Z";
        String signedHeaders = sessionToken == null
                ? "content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target"
                : "content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target";
        String payloadHash = hex(sha256(body));
        StringBuilder canonical = new StringBuilder(512)
                .append("POST\n/\n\n")
                .append("content-type:").append(contentType.trim()).append('\n')
                .append("host:").append(host).append('\n')
                .append("x-amz-content-sha256:").append(payloadHash).append('\n')
                .append("x-amz-date:").append(amzDate).append('\n');
        if (sessionToken != null) {
            canonical.append("x-amz-security-token:").append(sessionToken.trim()).append('\n');
        }
        canonical.append("x-amz-target:").append(target.trim()).append('\n')
                .append('\n')
                .append(signedHeaders).append('\n')
                .append(payloadHash);
        String scope = day + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] signature = hmac(signingKey(secretKey, day), stringToSign.getBytes(StandardCharsets.UTF_8));
        String authorization = ALGORITHM + " Credential=" + accessKeyId + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + hex(signature);
        return new Signed(amzDate, payloadHash, authorization);
    }

    private byte[] signingKey(String secretKey, String day) {
        CachedKey current = cached;
        if (current != null && current.day.equals(day) && current.secretKey.equals(secretKey)) {
            return current.key;
        }
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), day.getBytes(StandardCharsets.UTF_8));
        key = hmac(key, region.getBytes(StandardCharsets.UTF_8));
        key = hmac(key, service.getBytes(StandardCharsets.UTF_8));
        key = hmac(key, "aws4_request".getBytes(StandardCharsets.UTF_8));
        cached = new CachedKey(secretKey, day, key);
        return key;
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac;
            try {
                mac = Mac.getInstance("HmacSHA256", "SunJCE");
            } catch (GeneralSecurityException noSunJce) {
                mac = Mac.getInstance("HmacSHA256");
            }
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /**
     * {yyyyMMdd, HHmmss} in UTC for an epoch second (proleptic Gregorian calendar; the days-to-civil
     * algorithm of H. Hinnant, as java.time uses).
     */
    static String[] utc(long epochSecond) {
        long days = Math.floorDiv(epochSecond, 86_400L);
        long secondOfDay = Math.floorMod(epochSecond, 86_400L);
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        return new String[] {
            pad((int) y, 4) + pad((int) m, 2) + pad((int) d, 2),
            pad((int) (secondOfDay / 3600), 2) + pad((int) (secondOfDay / 60 % 60), 2) + pad((int) (secondOfDay % 60), 2)
        };
    }

    private static String pad(int value, int width) {
        String s = Integer.toString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
