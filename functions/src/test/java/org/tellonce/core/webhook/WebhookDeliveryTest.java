package org.tellonce.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final WebhookEvent EVENT = new WebhookEvent(WebhookEvent.Type.STORY_SHARED, "msg_1", "council",
            "sid-1", "TO-ABC234", NOW.minusSeconds(5), "", "");

    private final WebhookProducerTest.Store store = new WebhookProducerTest.Store();
    private final List<WebhookDelivery.Attempt> attempts = new ArrayList<>();
    private final List<Map<String, String>> sent = new ArrayList<>();
    private final String secret = WebhookSecret.generate();
    private int status = 204;
    private Optional<String> data = Optional.of("{\"storyId\":\"sid-1\"}");

    private WebhookDelivery delivery(WebhookAddress.Resolver dns) {
        WebhookDelivery.Client client = (URI uri, Map<String, String> headers, String body) -> {
            sent.add(Map.of("uri", uri.toString(), "body", body, "id", headers.get("webhook-id"),
                    "ts", headers.get("webhook-timestamp"), "sig", headers.get("webhook-signature")));
            if (status < 0) {
                throw new IOException("timed out");
            }
            return status;
        };
        return new WebhookDelivery(store, event -> data, new WebhookAddress(false, dns), client, attempts::add,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static WebhookAddress.Resolver resolvesTo(String address) {
        return host -> List.of(java.net.InetAddress.getByName(address));
    }

    @Test
    void aDeliveryIsSignedAndA2xxEndsIt() {
        store.put(new WebhookStore.Registration("council", "https://hooks.example/t", secret), NOW);
        assertThat(delivery(resolvesTo("93.184.216.34")).deliver(EVENT, 1)).isEqualTo(WebhookDelivery.Result.DELIVERED);
        Map<String, String> request = sent.get(0);
        assertThat(request.get("body")).isEqualTo("{\"type\":\"story.shared\",\"id\":\"msg_1\",\"at\":\""
                + EVENT.at() + "\",\"data\":{\"storyId\":\"sid-1\"}}");
        assertThat(Signature.verify(secret, "msg_1", Long.parseLong(request.get("ts")), request.get("body"),
                request.get("sig"))).isTrue();
        assertThat(attempts).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo(204));
    }

    @Test
    void anythingButA2xxOrNoAnswerIsRetriedWithTheSameId() {
        store.put(new WebhookStore.Registration("council", "https://hooks.example/t", secret), NOW);
        for (int s : new int[] {500, 302, 404, -1}) {
            status = s;
            assertThat(delivery(resolvesTo("93.184.216.34")).deliver(EVENT, 2)).isEqualTo(WebhookDelivery.Result.FAILED);
        }
        assertThat(sent).extracting(r -> r.get("id")).containsOnly("msg_1");
    }

    @Test
    void aHostThatNowResolvesToAPrivateAddressIsRefusedWithoutARequest() {
        store.put(new WebhookStore.Registration("council", "https://hooks.example/t", secret), NOW);
        for (String inside : List.of("10.0.0.1", "169.254.169.254", "127.0.0.1")) {
            assertThat(delivery(resolvesTo(inside)).deliver(EVENT, 1)).isEqualTo(WebhookDelivery.Result.REFUSED);
        }
        assertThat(sent).as("no request sent").isEmpty();
        assertThat(WebhookDelivery.Result.REFUSED.retry()).isFalse();
    }

    @Test
    void aNameThatDoesNotResolveNowIsTriedAgainLater() {
        store.put(new WebhookStore.Registration("council", "https://hooks.example/t", secret), NOW);
        WebhookAddress.Resolver down = host -> {
            throw new java.net.UnknownHostException(host);
        };
        assertThat(delivery(down).deliver(EVENT, 1)).isEqualTo(WebhookDelivery.Result.FAILED);
        assertThat(sent).isEmpty();
    }

    @Test
    void nothingIsSentWithoutAWebhookOrWhenTheStoryIsNoLongerThePartners() {
        assertThat(delivery(resolvesTo("93.184.216.34")).deliver(EVENT, 1)).isEqualTo(WebhookDelivery.Result.NO_WEBHOOK);
        store.put(new WebhookStore.Registration("council", "https://hooks.example/t", secret), NOW);
        data = Optional.empty();
        assertThat(delivery(resolvesTo("93.184.216.34")).deliver(EVENT, 1))
                .isEqualTo(WebhookDelivery.Result.NOTHING_TO_SEND);
        assertThat(sent).isEmpty();
    }
}
