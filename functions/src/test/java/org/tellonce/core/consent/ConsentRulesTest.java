package org.tellonce.core.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tellonce.core.consent.ConsentRules.Problem;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Contact;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;

public class ConsentRulesTest {
    private final AtomicInteger partnerReads = new AtomicInteger();
    private final PartnerDirectory directory = new PartnerDirectory(new Partners(
            new Partner("food-bank", "Food bank", List.of(Partner.ALL_TOPICS), List.of(), true),
            new Partner("closed", "Closed", List.of(Partner.ALL_TOPICS), List.of(), false)),
            Clock.fixed(Instant.parse("2025-01-01T10:00:00Z"), ZoneOffset.UTC), Duration.ofSeconds(60));

    @Test
    void aShareInAnyCaseWithEnabledPartnersNamedOnceEachIsAccepted() {
        ConsentRules.Checked checked = check(" Anonymous ", List.of("food-bank", "food-bank"), withoutContact());
        assertThat(checked.valid()).isTrue();
        assertThat(checked.consent()).isEqualTo(new Consent(Share.ANONYMOUS, List.of("food-bank")));
    }

    @Test
    void noShareOrAnUnknownOneMustBeChosenAgainAndThePageKeepsTheCurrentShare() {
        assertThat(ConsentRules.check(Optional.empty(), Optional.of(List.of()), withoutContact(), directory).problems())
                .containsExactly(Problem.SHARE_NOT_CHOSEN);
        ConsentRules.Checked checked = check("everyone", List.of(), withoutContact());
        assertThat(checked.problems()).containsExactly(Problem.SHARE_NOT_CHOSEN);
        assertThat(checked.consent().share()).isEqualTo(Share.PRIVATE);
    }

    @Test
    void identifiedSharingNeedsContactDetails() {
        assertThat(check("identified", List.of(), withoutContact()).problems())
                .containsExactly(Problem.NO_CONTACT_TO_SHARE);
        assertThat(check("identified", List.of(), story(Optional.of(new Contact.Email("ann@example.org")))).valid())
                .isTrue();
    }

    @Test
    void malformedPartnersAreRefusedWithoutReadingThePartnerList() {
        assertThat(check("anonymous", List.of("Food-Bank"), withoutContact()).problems())
                .containsExactly(Problem.PARTNERS_MALFORMED);
        assertThat(check("anonymous", Collections.nCopies(51, "food-bank"), withoutContact()).problems())
                .containsExactly(Problem.PARTNERS_MALFORMED);
        ConsentRules.Checked notAList = ConsentRules.check(Optional.of("anonymous"), Optional.empty(), withoutContact(),
                directory);
        assertThat(notAList.problems()).containsExactly(Problem.PARTNERS_MALFORMED);
        assertThat(notAList.consent().partners()).isEmpty();
        assertThat(partnerReads).hasValue(0);
    }

    @Test
    void aDisabledOrUnknownPartnerIsRefusedButShownAgain() {
        ConsentRules.Checked checked = check("anonymous", List.of("food-bank", "closed"), withoutContact());
        assertThat(checked.problems()).containsExactly(Problem.PARTNERS_NOT_ENABLED);
        assertThat(checked.consent().partners()).containsExactly("food-bank", "closed");
        assertThat(check("anonymous", List.of("nobody"), withoutContact()).problems())
                .containsExactly(Problem.PARTNERS_NOT_ENABLED);
    }

    @Test
    void bothFieldsAreReportedShareFirst() {
        assertThat(check("everyone", List.of("-x"), withoutContact()).problems())
                .containsExactly(Problem.SHARE_NOT_CHOSEN, Problem.PARTNERS_MALFORMED);
    }

    private ConsentRules.Checked check(String share, List<String> partners, Story story) {
        return ConsentRules.check(Optional.of(share), Optional.of(partners), story, directory);
    }

    private static Story withoutContact() {
        return story(Optional.empty());
    }

    private static Story story(Optional<Contact> contact) {
        return new Story("story-1", new Reference("TO-ABC234"), Instant.parse("2025-01-01T10:00:00Z"), Channel.WEB,
                "The 14 bus has not come for a week.", List.of("transport"), Optional.empty(), "en", Optional.empty(),
                contact, Consent.PRIVATE, Optional.empty(), Story.Status.RECEIVED);
    }

    /** Only {@link #all()} is read by the directory. */
    private final class Partners implements PartnerStore {
        private final List<Partner> partners;

        Partners(Partner... partners) {
            this.partners = new ArrayList<>(List.of(partners));
        }

        @Override
        public List<Partner> all() {
            partnerReads.incrementAndGet();
            return partners;
        }

        @Override
        public Optional<Partner> find(String partnerId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Keyed> findWithKeyHash(String partnerId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Partner> findByKeyHash(String keyHash) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean add(Partner partner, String keyHash) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean rotateKey(String partnerId, String newKeyHash) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean setEnabled(String partnerId, boolean enabled) {
            throw new UnsupportedOperationException();
        }
    }
}
