package org.tellonce.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tellonce.core.story.Reference;

class WebhookProducerTest {
    private static final Reference REF = Reference.parse("TO-ABC234").orElseThrow();
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    /** Only the partners with a webhook; everything in memory. */
    static final class Store implements WebhookStore {
        final Map<String, Registration> hooks = new HashMap<>();

        @Override
        public Optional<Registration> find(String partnerId) {
            return Optional.ofNullable(hooks.get(partnerId));
        }

        @Override
        public Set<String> registered() {
            return new LinkedHashSet<>(hooks.keySet());
        }

        @Override
        public void put(Registration registration, Instant at) {
            hooks.put(registration.partnerId(), registration);
        }

        @Override
        public boolean remove(String partnerId) {
            return hooks.remove(partnerId) != null;
        }
    }

    private final Store store = new Store();
    private final WebhookProducer producer = new WebhookProducer(store,
            reference -> Optional.of(new WebhookProducer.Holding("sid-1", List.of("council", "trust", "quiet"))));

    WebhookProducerTest() {
        store.put(new WebhookStore.Registration("council", "https://c.example/h", WebhookSecret.generate()), AT);
        store.put(new WebhookStore.Registration("trust", "https://t.example/h", WebhookSecret.generate()), AT);
    }

    @Test
    void aShareIsStorySharedForThatPartnerOnlyAndOnlyWithAWebhook() {
        List<WebhookEvent> events = producer.events(new WebhookProducer.Shared(REF, "sid-1", "council", "000000000007", AT),
                producer.registered());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(WebhookEvent.Type.STORY_SHARED);
            assertThat(e.partnerId()).isEqualTo("council");
            assertThat(e.group()).isEqualTo("council.sid-1");
            assertThat(e.id()).startsWith("msg_");
        });
        assertThat(producer.events(new WebhookProducer.Shared(REF, "sid-1", "quiet", "000000000003", AT),
                producer.registered())).as("no webhook, no event").isEmpty();
    }

    @Test
    void theSameChangeGivesTheSameWebhookIdAndAReShareANewOne() {
        Set<String> registered = producer.registered();
        String once = producer.events(new WebhookProducer.Shared(REF, "sid-1", "council", "000000000007", AT), registered)
                .get(0).id();
        String again = producer.events(new WebhookProducer.Shared(REF, "sid-1", "council", "000000000007", AT), registered)
                .get(0).id();
        String reShared = producer.events(new WebhookProducer.Shared(REF, "sid-1", "council", "000000000009", AT),
                registered).get(0).id();
        assertThat(again).isEqualTo(once);
        assertThat(reShared).isNotEqualTo(once);
    }

    @Test
    void aWithdrawalCarriesItsReasonAndAResponseGoesToEveryHolderWithAWebhook() {
        List<WebhookEvent> withdrawn = producer.events(new WebhookProducer.Withdrawn(REF, "sid-1", "trust", "erased", AT),
                producer.registered());
        assertThat(withdrawn).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(WebhookEvent.Type.STORY_WITHDRAWN);
            assertThat(e.detail()).isEqualTo("erased");
        });
        List<WebhookEvent> responded = producer.events(new WebhookProducer.Responded(REF, "resp-1", "trust",
                "Trust", AT), producer.registered());
        assertThat(responded).extracting(WebhookEvent::partnerId).containsExactlyInAnyOrder("council", "trust");
        assertThat(responded).allSatisfy(e -> assertThat(e.detail()).isEqualTo("trust/resp-1"));
        List<WebhookEvent> outcome = producer.events(new WebhookProducer.OutcomeLinked(REF, "out-1", "council",
                "Council", AT), producer.registered());
        assertThat(outcome).extracting(WebhookEvent::type).containsOnly(WebhookEvent.Type.OUTCOME_CREATED);
        assertThat(outcome).extracting(WebhookEvent::id).doesNotHaveDuplicates();
    }

    @Test
    void nobodyWithAWebhookMeansNothingIsRead() {
        WebhookProducer none = new WebhookProducer(new Store(), reference -> {
            throw new AssertionError("holders read although no partner has a webhook");
        });
        assertThat(none.events(new WebhookProducer.Responded(REF, "r", "p", "P", AT), none.registered())).isEmpty();
    }
}
