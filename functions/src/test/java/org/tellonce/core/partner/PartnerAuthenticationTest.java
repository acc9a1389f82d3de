package org.tellonce.core.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who a partner door lets in: by API key, behind the authorizer, or by inbox session; the partner as it is now decides. */
public class PartnerAuthenticationTest {
    private static final Instant NOW = Instant.parse("2026-03-12T14:05:00Z");
    private static final byte[] SESSION_KEY = "a session key of at least 32 bytes!!".getBytes(StandardCharsets.UTF_8);

    private final InMemoryPartners store = new InMemoryPartners();
    private final PartnerAdmin admin = new PartnerAdmin(store);
    private final PartnerAuthentication authentication = new PartnerAuthentication(store);
    private final PartnerAdmin.Issued healthwatch = admin.add("healthwatch", "Healthwatch", List.of("*"), List.of());

    private static PartnerSession sessionsAt(Instant now) {
        return new PartnerSession(() -> SESSION_KEY, Clock.fixed(now, ZoneOffset.UTC), new InMemoryEndedSessions());
    }

    private String sessionOpenedWith(String apiKey) {
        return sessionsAt(NOW).issue("healthwatch", PartnerAdmin.hashKey(apiKey));
    }

    @Test
    void aPartnersCurrentKeySignsItIn() {
        assertThat(authentication.apiKey(Optional.of(healthwatch.apiKey())))
                .isEqualTo(new PartnerAccess.SignedIn(healthwatch.partner()));
    }

    @Test
    void noKeyIsSignedOutAndAWrongOrRotatedKeyIsRefused() {
        String old = healthwatch.apiKey();
        admin.rotateKey("healthwatch");

        assertThat(authentication.apiKey(Optional.empty())).isEqualTo(new PartnerAccess.SignedOut(false));
        assertThat(authentication.apiKey(Optional.of(""))).isEqualTo(new PartnerAccess.SignedOut(false));
        assertThat(authentication.apiKey(Optional.of(old))).isEqualTo(new PartnerAccess.SignedOut(true));
        assertThat(authentication.apiKey(Optional.of("tok_guessed"))).isEqualTo(new PartnerAccess.SignedOut(true));
    }

    @Test
    void aDisabledPartnersRightKeyOpensNothingUntilItIsEnabledAgain() {
        admin.setEnabled("healthwatch", false);
        assertThat(authentication.apiKey(Optional.of(healthwatch.apiKey())))
                .isInstanceOf(PartnerAccess.Disabled.class);
        assertThat(authentication.authorized(Optional.of("healthwatch"))).isInstanceOf(PartnerAccess.Disabled.class);
        assertThat(authentication.session(sessionsAt(NOW), Optional.of(sessionOpenedWith(healthwatch.apiKey()))))
                .isInstanceOf(PartnerAccess.Disabled.class);

        admin.setEnabled("healthwatch", true);
        assertThat(authentication.apiKey(Optional.of(healthwatch.apiKey())))
                .isInstanceOf(PartnerAccess.SignedIn.class);
    }

    @Test
    void behindTheAuthorizerAPartnerDeletedSinceIsRefused() {
        assertThat(authentication.authorized(Optional.of("healthwatch")))
                .isEqualTo(new PartnerAccess.SignedIn(healthwatch.partner()));
        assertThat(authentication.authorized(Optional.empty())).isEqualTo(new PartnerAccess.SignedOut(false));

        store.remove("healthwatch");
        assertThat(authentication.authorized(Optional.of("healthwatch"))).isEqualTo(new PartnerAccess.SignedOut(true));
    }

    @Test
    void anInboxSessionLastsThirtyMinutesAndOnlyWhileItsKeyIsCurrent() {
        String session = sessionOpenedWith(healthwatch.apiKey());

        assertThat(authentication.session(sessionsAt(NOW.plus(Duration.ofMinutes(29))), Optional.of(session)))
                .isEqualTo(new PartnerAccess.SignedIn(healthwatch.partner()));
        assertThat(authentication.session(sessionsAt(NOW.plus(Duration.ofMinutes(30))), Optional.of(session)))
                .as("expired").isEqualTo(new PartnerAccess.SignedOut(true));

        admin.rotateKey("healthwatch");
        assertThat(authentication.session(sessionsAt(NOW), Optional.of(session)))
                .as("the key it was opened with was rotated").isEqualTo(new PartnerAccess.SignedOut(true));
    }

    @Test
    void noCookieIsSignedOutAndAForgedOneIsRefused() {
        assertThat(authentication.session(sessionsAt(NOW), Optional.empty())).isEqualTo(new PartnerAccess.SignedOut(false));
        assertThat(authentication.session(sessionsAt(NOW), Optional.of(""))).isEqualTo(new PartnerAccess.SignedOut(false));
        String session = sessionOpenedWith(healthwatch.apiKey());
        assertThat(authentication.session(sessionsAt(NOW), Optional.of(session.substring(0, session.length() - 2) + "xx")))
                .isEqualTo(new PartnerAccess.SignedOut(true));
    }
}
