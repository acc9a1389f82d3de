package org.tellonce.core.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who a partner door lets in: by API key, or behind the authorizer; the partner as it is now decides. */
public class PartnerAuthenticationTest {

    private final InMemoryPartners store = new InMemoryPartners();
    private final PartnerAdmin admin = new PartnerAdmin(store);
    private final PartnerAuthentication authentication = new PartnerAuthentication(store);
    private final PartnerAdmin.Issued healthwatch = admin.add("healthwatch", "Healthwatch", List.of("*"), List.of());

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
}
