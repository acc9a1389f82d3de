package org.tellonce.core.resident;

import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.story.Contact;

/**
 * The resident key: HMAC-SHA256 of the normalised contact under a server secret, so the same person
 * is recognised across channels without their contact details ever being a key.
 */
public final class ResidentKeys {
    private final byte[] secret;

    public ResidentKeys(byte[] secret) {
        this.secret = secret.clone();
    }

    public String of(Contact contact) {
        return Hashing.hmacSha256Hex(secret, contact.normalised());
    }

    /**
     * A staff member's key: their lower-cased e-mail under the same secret, apart from resident keys,
     * so a resident and a staff member with one address stay two people.
     */
    public String staffKey(String email) {
        return Hashing.hmacSha256Hex(secret, "staff\n" + email);
    }

    /** Key for "the same resident sent the same text": case and whitespace folded. */
    public String duplicateKey(String residentKey, String text) {
        return Hashing.hmacSha256Hex(secret, "dup\n" + residentKey + "\n" + foldForDuplicates(text));
    }

    /** A request fingerprint as stored with an Idempotency-Key: keyed, so it cannot be tested against guesses. */
    public String fingerprint(String requestFingerprint) {
        return Hashing.hmacSha256Hex(secret, "fingerprint\n" + requestFingerprint);
    }

    /** Key that encrypts what an Idempotency-Key replays; only its holder can open it. */
    public byte[] idempotencyBoxKey(String idempotencyKey) {
        return Hashing.hmacSha256(secret, "idempotency\n" + idempotencyKey);
    }

    /** A verification code as stored: keyed and bound to the contact, so a copied table reveals no code. */
    public String verificationCodeHash(String residentKey, String code) {
        return Hashing.hmacSha256Hex(secret, "verify\n" + residentKey + "\n" + code);
    }

    static String foldForDuplicates(String text) {
        String normalised = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC);
        return normalised.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
    }
}
