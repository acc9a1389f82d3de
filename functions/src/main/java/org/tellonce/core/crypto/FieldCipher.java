package org.tellonce.core.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Field-level encryption of personal data before it reaches DynamoDB: story text, name, e-mail,
 * phone and partner responses are stored as {@code enc:v1:} + base64(nonce || AES-256-GCM
 * ciphertext || tag). The item's key and the attribute name are bound in as associated data, so a
 * ciphertext copied into another item or attribute does not decrypt.
 *
 * <p>The key is derived from the server secret (an SSM SecureString, itself encrypted with KMS, in
 * AWS; a file in the data folder locally), so the table and its backups and streams hold no
 * plaintext personal data. Values without the prefix are read as they are (items written before
 * encryption was switched on).
 */
public final class FieldCipher {
    public static final String PREFIX = "enc:v1:";
    private static final int NONCE_BYTES = 12;
    private final SecretKeySpec key;

    public FieldCipher(byte[] key32) {
        if (key32.length != 32) {
            throw new IllegalArgumentException("field key must be 32 bytes");
        }
        this.key = new SecretKeySpec(key32, "AES");
    }

    /** The field key, derived from the server secret. */
    public static FieldCipher fromSecret(byte[] secret) {
        return new FieldCipher(Hashing.hmacSha256(secret, "tellonce field encryption v1"));
    }

    public String seal(String plaintext, String context) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            Hashing.random().nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String open(String stored, String context) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Never the value itself in the message.
            throw new IllegalStateException("A protected field could not be decrypted (wrong key or tampered item)");
        }
    }
}
