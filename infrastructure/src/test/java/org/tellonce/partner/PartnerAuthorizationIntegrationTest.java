package org.tellonce.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.TestStack;

/**
 * Who may call the partner API (SPEC §7): every endpoint refuses a missing, unknown or rotated-away
 * key with 401 and a disabled partner with 403; a partner never reaches another partner's story, and
 * cursors and limits are checked.
 */
class PartnerAuthorizationIntegrationTest {
    private static LocalStack stack;
    private static Http http;
    private static Admin admin;
    private static PartnerClient alpha;
    private static PartnerClient beta;
    private static String rotatedAwayKey;
    private static PartnerClient rotated;
    private static PartnerClient closed;
    private static Submitted forAlpha;
    private static Submitted forBeta;
    private static Submitted forEveryone;

    /** The three partner endpoints, each called for one story id with the given headers. */
    enum Endpoint {
        FEED {
            @Override
            Http.Reply call(String storyId, String... headers) {
                return http.get("/partner/stories", headers);
            }
        },
        ONE_STORY {
            @Override
            Http.Reply call(String storyId, String... headers) {
                return http.get("/partner/stories/" + storyId, headers);
            }
        },
        RESPOND {
            @Override
            Http.Reply call(String storyId, String... headers) {
                return http.postJson("/partner/stories/" + storyId + "/responses",
                        "{\"text\":\"Thank you, we will look into it.\"}", headers);
            }
        };

        abstract Http.Reply call(String storyId, String... headers);
    }

    @BeforeAll
    static void partnersAndStories() {
        stack = TestStack.start();
        http = new Http(stack.baseUrl());
        admin = new Admin(stack);
        alpha = new PartnerClient(http, admin.addPartner("alpha", "Alpha Council", "*", ""));
        beta = new PartnerClient(http, admin.addPartner("beta", "Beta Healthwatch", "*", ""));
        rotatedAwayKey = admin.addPartner("rotated", "Rotated Trust", "*", "");
        closed = new PartnerClient(http, admin.addPartner("closed", "Closed Charity", "*", ""));

        forAlpha = aStory().anonymous().topics("transport").onlyFor("alpha").submitTo(http);
        forBeta = aStory().identified().topics("health").onlyFor("beta").name("Bea Secret")
                .contact("bea.secret@example.org").text("Beta only: my son's school ignores his EHCP.").submitTo(http);
        forEveryone = aStory().anonymous().topics("housing").submitTo(http);
        for (PartnerClient partner : List.of(alpha, beta, closed)) {
            Eventually.within(Eventually.FAN_OUT, "the story for everyone reaches each partner",
                    () -> partner.story(forEveryone.storyId()).status() == 200);
        }
        Eventually.within(Eventually.FAN_OUT, "alpha's story", () -> alpha.story(forAlpha.storyId()).status() == 200);
        Eventually.within(Eventually.FAN_OUT, "beta's story", () -> beta.story(forBeta.storyId()).status() == 200);

        rotated = new PartnerClient(http, admin.rotateKey("rotated"));
        admin.disable("closed");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void withoutAnAuthorizationHeaderEveryEndpointAnswers401(Endpoint endpoint) {
        assertThat(endpoint.call(forEveryone.storyId()).status()).isEqualTo(401);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void anUnknownKeyIsRefusedWith401(Endpoint endpoint) {
        String almostAlpha = alpha.apiKey().substring(0, alpha.apiKey().length() - 1)
                + (alpha.apiKey().endsWith("A") ? "B" : "A");
        for (String authorization : List.of("Bearer tok_" + "x".repeat(43), "Bearer " + almostAlpha,
                "Bearer not-a-key", "Basic " + alpha.apiKey(), alpha.apiKey())) {
            Http.Reply reply = endpoint.call(forEveryone.storyId(), "authorization", authorization);
            assertThat(reply.status()).as("%s with '%s'", endpoint, authorization).isEqualTo(401);
            assertThat(reply.body()).doesNotContain(forEveryone.storyId());
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aKeyRotatedAwayIsRefusedWith401AtOnce(Endpoint endpoint) {
        assertThat(endpoint.call(forEveryone.storyId(), Http.bearer(rotatedAwayKey)).status()).isEqualTo(401);
        assertThat(rotated.page(10, null).status()).as("the new key works").isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aDisabledPartnerIsRefusedWith403(Endpoint endpoint) {
        Http.Reply reply = endpoint.call(forEveryone.storyId(), Http.bearer(closed.apiKey()));
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).doesNotContain(forEveryone.storyId(), forEveryone.story().text());
    }

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = {"ONE_STORY", "RESPOND"})
    void anotherPartnersStoryIsNotFound(Endpoint endpoint) {
        assertThat(endpoint.call(forBeta.storyId(), Http.bearer(alpha.apiKey())).status()).isEqualTo(404);
        assertThat(endpoint.call(forAlpha.storyId(), Http.bearer(beta.apiKey())).status()).isEqualTo(404);
        assertThat(endpoint.call(UUID.randomUUID().toString(), Http.bearer(alpha.apiKey())).status()).isEqualTo(404);
        assertThat(endpoint.call(forBeta.reference(), Http.bearer(alpha.apiKey())).status()).isEqualTo(404);
        assertThat(new RawTable(stack).storyPartition(forBeta.reference()))
                .as("nothing was written to beta's story").noneMatch(item -> item.get("SK").s().startsWith("RESPONSE#"));
    }

    @Test
    void noAnswerToAPartnerEverCarriesAnotherPartnersStory() {
        List<Http.Reply> replies = new ArrayList<>();
        replies.add(alpha.page(null, null));
        replies.add(alpha.page(1, null));
        for (Endpoint endpoint : Endpoint.values()) {
            replies.add(endpoint.call(forBeta.storyId(), Http.bearer(alpha.apiKey())));
            replies.add(endpoint.call(forBeta.storyId()));
            replies.add(endpoint.call(forBeta.storyId(), Http.bearer(closed.apiKey())));
        }
        replies.add(alpha.story(forAlpha.storyId()));
        replies.add(alpha.story(forEveryone.storyId()));
        assertThat(alpha.readFeed(1, null).storyIds()).contains(forAlpha.storyId(), forEveryone.storyId())
                .doesNotContain(forBeta.storyId());
        for (Http.Reply reply : replies) {
            assertThat(reply.body()).doesNotContain(forBeta.storyId(), forBeta.reference(), forBeta.story().text(),
                    "Bea Secret", "bea.secret");
        }
    }

    @Test
    void aCursorIssuedToAnotherPartnerIsRefused() {
        String alphasCursor = alpha.page(1, null).json().get("nextCursor").asText();
        assertThat(alpha.page(1, alphasCursor).status()).isEqualTo(200);
        Http.Reply reply = beta.page(1, alphasCursor);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).doesNotContain(forAlpha.storyId());
    }

    @Test
    void anEditedCursorIsRefused() {
        String cursor = alpha.page(1, null).json().get("nextCursor").asText();
        // Every position but the last: base64url's last character may carry bits that decode to nothing.
        for (int i = 0; i < cursor.length() - 1; i++) {
            char flipped = cursor.charAt(i) == 'A' ? 'B' : 'A';
            String edited = cursor.substring(0, i) + flipped + cursor.substring(i + 1);
            assertThat(alpha.page(1, edited).status()).as("cursor edited at %d: %s", i, edited).isEqualTo(400);
        }
        for (String garbage : List.of("not-a-cursor", cursor + "x", cursor.substring(1), "%%%")) {
            assertThat(alpha.page(1, garbage).status()).as("cursor %s", garbage).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "abc", "-1", "1.5", "99999999999"})
    void aLimitOutsideOneToHundredIsRefused(String limit) {
        Http.Reply reply = http.get("/partner/stories?limit=" + limit, Http.bearer(alpha.apiKey()));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("bad_request");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100})
    void limitsFromOneToHundredAreServed(int limit) {
        assertThat(alpha.page(limit, null).status()).isEqualTo(200);
    }

    @Test
    void aDisabledPartnerIsSentNothingNew() {
        RawTable table = new RawTable(stack);
        long before = table.feedEntries("closed").size();
        Submitted later = aStory().anonymous().topics("housing").submitTo(http);
        Eventually.within(Eventually.FAN_OUT, "the new story reaches alpha",
                () -> alpha.story(later.storyId()).status() == 200);
        assertThat(table.shareMarkerExists(later.reference(), "alpha")).isTrue();
        assertThat(table.shareMarkerExists(later.reference(), "closed")).isFalse();
        assertThat(table.feedEntries("closed")).hasSize((int) before);
    }

    @Test
    void anUnknownKeyIsToldHowToAuthenticate() {
        Http.Reply unknown = http.get("/partner/stories", Http.bearer("tok_unknown"));
        assertThat(unknown.header("www-authenticate")).contains("Bearer");
        assertThat(unknown.json().get("error").asText()).isEqualTo("unauthorized");
    }
}
