package org.tellonce.core.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tellonce.core.partner.InMemoryPartnerStore;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.StoredStory;

public class ConsentServiceTest {
    private static final String TOKEN_HASH = "hash-of-the-manage-token";
    private static final Owner OWNER = new Owner.ManageToken(TOKEN_HASH);
    private final Consents store = new Consents();
    private final ConsentService service = new ConsentService(new ConsentPolicy(new PartnerDirectory(
            new InMemoryPartnerStore(InMemoryPartnerStore.enabled("food-bank"), InMemoryPartnerStore.disabled("closed")),
            Clock.fixed(Instant.parse("2025-01-01T10:00:00Z"), ZoneOffset.UTC), Duration.ofSeconds(60))), store);
    private final StoredStory stored = new StoredStory(ConsentPolicyTest.withoutContact(), TOKEN_HASH, List.of(),
            List.of());

    @Test
    void aChangeThatKeepsThePolicyIsSaved() {
        ConsentService.Change change = service.change(stored, OWNER, choice("anonymous", "food-bank"));

        Consent expected = new Consent(Share.ANONYMOUS, List.of("food-bank"));
        assertThat(change).isEqualTo(new ConsentService.Changed(expected));
        assertThat(store.saved).containsEntry(stored.story().reference(), expected);
    }

    @Test
    void aChangeThatBreaksThePolicyIsRefusedAndNothingIsSaved() {
        ConsentService.Change change = service.change(stored, OWNER, choice("identified", "closed"));

        assertThat(change).isInstanceOfSatisfying(ConsentService.Refused.class, refused -> assertThat(
                refused.checked().problems()).containsExactly(ConsentPolicy.Problem.NO_CONTACT_TO_SHARE,
                ConsentPolicy.Problem.PARTNERS_NOT_ENABLED));
        assertThat(store.saved).isEmpty();
    }

    @Test
    void aStoryErasedSinceItWasReadIsGone() {
        store.erased = true;

        assertThat(service.change(stored, OWNER, choice("private"))).isEqualTo(new ConsentService.Gone());
        assertThat(store.saved).isEmpty();
    }

    private static ConsentPolicy.Choice choice(String share, String... partners) {
        return new ConsentPolicy.Choice(Optional.of(share), Optional.of(List.of(partners)));
    }

    /** Saves while the story is there and the owner's proof matches, as the table's condition does. */
    private static final class Consents implements ConsentStore {
        final Map<Reference, Consent> saved = new HashMap<>();
        boolean erased;

        @Override
        public boolean changeConsent(Reference reference, Owner owner, Consent consent) {
            if (erased || !owner.equals(OWNER)) {
                return false;
            }
            saved.put(reference, consent);
            return true;
        }

        @Override
        public boolean erase(Reference reference, Owner owner) {
            erased = true;
            return true;
        }
    }
}
