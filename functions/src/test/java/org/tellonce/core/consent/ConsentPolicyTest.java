package org.tellonce.core.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tellonce.core.consent.ConsentPolicy.Problem;
import org.tellonce.core.partner.InMemoryPartnerStore;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Contact;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;

public class ConsentPolicyTest {
    private final InMemoryPartnerStore partners = new InMemoryPartnerStore(
            new Partner("food-bank", "Food bank", List.of(Partner.ALL_TOPICS), List.of(), true),
            new Partner("closed", "Closed", List.of(Partner.ALL_TOPICS), List.of(), false));
    private final PartnerDirectory directory = new PartnerDirectory(partners,
            Clock.fixed(Instant.parse("2025-01-01T10:00:00Z"), ZoneOffset.UTC), Duration.ofSeconds(60));
    private final ConsentPolicy policy = new ConsentPolicy(directory);

    @Test
    void aShareInAnyCaseWithEnabledPartnersNamedOnceEachIsAccepted() {
        ConsentPolicy.Checked checked = check(" Anonymous ", List.of("food-bank", "food-bank"), withoutContact());
        assertThat(checked.valid()).isTrue();
        assertThat(checked.consent()).isEqualTo(new Consent(Share.ANONYMOUS, List.of("food-bank")));
    }

    @Test
    void eachShareLevelCanBeChosenAndIsSavedAsChosen() {
        Story withContact = story(Optional.of(new Contact.Phone("+447700900123")));
        for (Share share : Share.values()) {
            ConsentPolicy.Checked checked = check(share.wire(), List.of(), withContact);
            assertThat(checked.valid()).as(share.wire()).isTrue();
            assertThat(checked.consent()).isEqualTo(new Consent(share, List.of()));
        }
    }

    @Test
    void withdrawingToPrivateIsAlwaysAllowedEvenWithoutContactDetails() {
        assertThat(check("private", List.of(), withoutContact()).consent()).isEqualTo(Consent.PRIVATE);
    }

    @Test
    void fiftyPartnerIdsMayBeSentButNotFiftyOne() {
        assertThat(check("anonymous", Collections.nCopies(50, "food-bank"), withoutContact()).valid()).isTrue();
        assertThat(check("anonymous", Collections.nCopies(51, "food-bank"), withoutContact()).problems())
                .containsExactly(Problem.PARTNERS_MALFORMED);
    }

    @Test
    void noShareOrAnUnknownOneMustBeChosenAgainAndThePageKeepsTheCurrentShare() {
        assertThat(policy.check(new ConsentPolicy.Choice(Optional.empty(), Optional.of(List.of())), withoutContact()).problems())
                .containsExactly(Problem.SHARE_NOT_CHOSEN);
        ConsentPolicy.Checked checked = check("everyone", List.of(), withoutContact());
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
        ConsentPolicy.Checked notAList = policy.check(new ConsentPolicy.Choice(Optional.of("anonymous"), Optional.empty()),
                withoutContact());
        assertThat(notAList.problems()).containsExactly(Problem.PARTNERS_MALFORMED);
        assertThat(notAList.consent().partners()).isEmpty();
        assertThat(partners.reads()).isZero();
    }

    @Test
    void aDisabledOrUnknownPartnerIsRefusedButShownAgain() {
        ConsentPolicy.Checked checked = check("anonymous", List.of("food-bank", "closed"), withoutContact());
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

    private ConsentPolicy.Checked check(String share, List<String> partners, Story story) {
        return policy.check(new ConsentPolicy.Choice(Optional.of(share), Optional.of(partners)), story);
    }

    static Story withoutContact() {
        return story(Optional.empty());
    }

    static Story story(Optional<Contact> contact) {
        return new Story("story-1", new Reference("TO-ABC234"), Instant.parse("2025-01-01T10:00:00Z"), Channel.WEB,
                "The 14 bus has not come for a week.", List.of("transport"), Optional.empty(), "en", Optional.empty(),
                contact, Consent.PRIVATE, Optional.empty(), Story.Status.RECEIVED);
    }
}
