package org.tellonce.core.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

public class PartnerSessionTest {
    private static final byte[] KEY = "a session key of at least 32 bytes!!".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-03-12T14:05:00Z");
    private static final String KEY_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String ROTATED_KEY_HASH = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

    private static final InMemoryEndedSessions ENDED = new InMemoryEndedSessions();

    private static PartnerSession at(Instant now, byte[] key) {
        return new PartnerSession(() -> key, Clock.fixed(now, ZoneOffset.UTC), ENDED);
    }

    @Test
    void signingOutEndsTheSessionEverywhereButNotOtherSessions() {
        String token = at(NOW, KEY).issue("healthwatch", KEY_HASH);
        String otherBrowser = at(NOW, KEY).issue("healthwatch", KEY_HASH);

        at(NOW.plusSeconds(60), KEY).end(token);

        assertThat(at(NOW.plusSeconds(61), KEY).partnerId(token)).as("a copy of the signed-out cookie").isEmpty();
        assertThat(at(NOW.plusSeconds(61), KEY).partnerId(otherBrowser)).contains("healthwatch");
        assertThat(otherBrowser).isNotEqualTo(token);
    }

    @Test
    void signingOutAForgedTokenEndsNothing() {
        String token = at(NOW, KEY).issue("healthwatch", KEY_HASH);
        String forged = token.substring(0, token.indexOf('.')) + ".AAAA";

        at(NOW, KEY).end(forged);

        assertThat(at(NOW, KEY).partnerId(token)).contains("healthwatch");
    }

    @Test
    void aSessionOpensTheInboxForItsPartnerForThirtyMinutes() {
        String token = at(NOW, KEY).issue("healthwatch", KEY_HASH);

        assertThat(at(NOW, KEY).partnerId(token)).contains("healthwatch");
        assertThat(at(NOW.plus(Duration.ofMinutes(29)), KEY).partnerId(token)).contains("healthwatch");
        assertThat(at(NOW.plus(Duration.ofMinutes(30)), KEY).partnerId(token)).as("expired").isEmpty();
    }

    @Test
    void aForgedOrAlteredSessionOpensNothing() {
        String token = at(NOW, KEY).issue("healthwatch", KEY_HASH);
        String mac = token.substring(token.indexOf('.') + 1);
        String otherPartner = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("v3|council|" + NOW.plusSeconds(600).getEpochSecond() + "|tag|id").getBytes(StandardCharsets.UTF_8));
        String longer = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("v3|healthwatch|" + NOW.plus(Duration.ofDays(365)).getEpochSecond() + "|tag|id").getBytes(StandardCharsets.UTF_8));

        assertThat(at(NOW, KEY).partnerId(otherPartner + "." + mac)).isEmpty();
        assertThat(at(NOW, KEY).partnerId(longer + "." + mac)).isEmpty();
        assertThat(at(NOW, "another key, another server secret!!".getBytes(StandardCharsets.UTF_8)).partnerId(token))
                .isEmpty();
        assertThat(at(NOW, KEY).partnerId("not a token")).isEmpty();
        assertThat(at(NOW, KEY).partnerId("")).isEmpty();
        assertThat(at(NOW, KEY).partnerId("%%%.%%%")).isEmpty();
    }

    @Test
    void aSessionIsBoundToTheKeyItWasOpenedWith() {
        PartnerSession sessions = at(NOW, KEY);
        PartnerSession.Session session = sessions.read(sessions.issue("healthwatch", KEY_HASH)).orElseThrow();

        assertThat(sessions.openedWith(session, KEY_HASH)).isTrue();
        assertThat(sessions.openedWith(session, ROTATED_KEY_HASH)).as("after a rotation").isFalse();
        assertThat(sessions.openedWith(session, "")).isFalse();
        assertThat(session.keyTag()).as("the cookie carries no part of the key's hash")
                .doesNotContain(KEY_HASH.substring(0, 8));
    }

    @Test
    void aSessionOfTheFirstFormatWithoutAKeyTagNoLongerOpensTheInbox() {
        String payload = "v1|healthwatch|" + NOW.plusSeconds(600).getEpochSecond();
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                org.tellonce.core.crypto.Hashing.hmacSha256(KEY, payload));

        assertThat(at(NOW, KEY).read(token)).isEmpty();
    }

    @Test
    void theCookieIsShortLivedHttpOnlySecureAndStrict() {
        PartnerSession sessions = at(NOW, KEY);
        assertThat(sessions.setCookie(sessions.issue("healthwatch", KEY_HASH)))
                .startsWith("tellonce_partner=")
                .endsWith("; Path=/partner; Max-Age=1800; HttpOnly; Secure; SameSite=Strict");
        assertThat(PartnerSession.clearCookie()).contains("Max-Age=0");
    }
}
