package org.tellonce.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PartnerSessionTest {
    private static final byte[] KEY = "a session key of at least 32 bytes!!".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-03-12T14:05:00Z");

    private static PartnerSession at(Instant now, byte[] key) {
        return new PartnerSession(() -> key, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aSessionOpensTheInboxForItsPartnerForThirtyMinutes() {
        String token = at(NOW, KEY).issue("healthwatch");

        assertThat(at(NOW, KEY).partnerId(token)).contains("healthwatch");
        assertThat(at(NOW.plus(Duration.ofMinutes(29)), KEY).partnerId(token)).contains("healthwatch");
        assertThat(at(NOW.plus(Duration.ofMinutes(30)), KEY).partnerId(token)).as("expired").isEmpty();
    }

    @Test
    void aForgedOrAlteredSessionOpensNothing() {
        String token = at(NOW, KEY).issue("healthwatch");
        String mac = token.substring(token.indexOf('.') + 1);
        String otherPartner = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("v1|council|" + NOW.plusSeconds(600).getEpochSecond()).getBytes(StandardCharsets.UTF_8));
        String longer = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("v1|healthwatch|" + NOW.plus(Duration.ofDays(365)).getEpochSecond()).getBytes(StandardCharsets.UTF_8));

        assertThat(at(NOW, KEY).partnerId(otherPartner + "." + mac)).isEmpty();
        assertThat(at(NOW, KEY).partnerId(longer + "." + mac)).isEmpty();
        assertThat(at(NOW, "another key, another server secret!!".getBytes(StandardCharsets.UTF_8)).partnerId(token))
                .isEmpty();
        assertThat(at(NOW, KEY).partnerId("not a token")).isEmpty();
        assertThat(at(NOW, KEY).partnerId("")).isEmpty();
        assertThat(at(NOW, KEY).partnerId("%%%.%%%")).isEmpty();
    }

    @Test
    void theCookieIsShortLivedHttpOnlySecureAndStrict() {
        PartnerSession sessions = at(NOW, KEY);
        assertThat(sessions.setCookie(sessions.issue("healthwatch")))
                .startsWith("tellonce_partner=")
                .endsWith("; Path=/partner; Max-Age=1800; HttpOnly; Secure; SameSite=Strict");
        assertThat(PartnerSession.clearCookie()).contains("Max-Age=0");
    }
}
