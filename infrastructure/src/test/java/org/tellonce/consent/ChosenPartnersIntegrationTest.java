package org.tellonce.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.adapters.dynamo.DynamoPartnerStore;
import org.tellonce.adapters.dynamo.DynamoResidentSessionStore;
import org.tellonce.adapters.dynamo.DynamoStoryStore;
import org.tellonce.core.crypto.FieldCipher;
import org.tellonce.core.intake.IntakeService;
import org.tellonce.core.intake.StoryValidator;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.story.Topics;
import org.tellonce.core.verify.ResidentSessions;
import org.tellonce.handlers.consent.ConsentHandler;
import org.tellonce.handlers.intake.SubmitStoryHandler;
import org.tellonce.local.LocalStack;
import org.tellonce.telemetry.IntakeMetrics;
import org.tellonce.telemetry.Metrics;
import org.tellonce.testing.Admin;
import org.tellonce.testing.ApiEvents;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.FormBodies;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.RawTable;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.StoryTexts;
import org.tellonce.testing.TableItems;
import org.tellonce.testing.TestStack;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The partners a resident names must be enabled partners, on every path (SPEC §4): the JSON
 * {@code POST /stories}, {@code PUT /stories/{reference}/consent} and the story page's consent form
 * refuse any other id (400, naming the field, never echoing the id) and write nothing; otherwise a typo
 * would share the story with nobody, silently.
 */
class ChosenPartnersIntegrationTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private static LocalStack stack;
    private static Http http;
    private static RawTable table;
    private static TableItems stories;
    private static PartnerClient open;
    private static PartnerClient other;

    @BeforeAll
    static void twoEnabledPartnersAndADisabledOne() {
        stack = TestStack.start();
        http = new Http(stack.baseUrl());
        table = new RawTable(stack);
        stories = new TableItems(stack);
        Admin admin = new Admin(stack);
        open = new PartnerClient(http, admin.addPartner("chosen-open", "Open Advice Centre", "*", ""));
        other = new PartnerClient(http, admin.addPartner("chosen-other", "Other Community Group", "*", ""));
        admin.addPartner("chosen-closed", "Closed Community Group", "*", "");
        admin.disable("chosen-closed");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aJsonStoryNamingAnUnknownPartnerIsRefusedAndNothingIsStored() {
        String text = StoryTexts.unique("The bus to the hospital stopped running after six in the evening.");

        Http.Reply reply = http.postJson("/stories", aStory().text(text).anonymous().topics("health")
                .onlyFor("chosen-open", "chosen-opne").json());

        assertRefusedNamingPartners(reply, "chosen-opne");
        assertThat(stories.storiesTelling(text)).as("nothing stored").isEmpty();
    }

    @Test
    void aJsonStoryNamingADisabledPartnerIsRefusedAndNothingIsStored() {
        String text = StoryTexts.unique("The library in our village is closing on Saturdays from next month.");

        Http.Reply reply = http.postJson("/stories", aStory().text(text).anonymous().topics("health")
                .onlyFor("chosen-closed").json());

        assertRefusedNamingPartners(reply, "chosen-closed");
        assertThat(stories.storiesTelling(text)).as("nothing stored").isEmpty();
    }

    @Test
    void aJsonStoryWithAnUnknownPartnerAndOtherMistakesNamesThemAll() {
        Http.Reply reply = http.postJson("/stories", aStory().text("short").anonymous().topics("health")
                .onlyFor("no-such-partner").json());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("fields").has("story")).isTrue();
        assertThat(reply.json().get("fields").has("partners")).isTrue();
    }

    @Test
    void aReplayAnswersAsTheFirstTimeEvenAfterThePartnerItNamesWasDisabled() {
        Admin admin = new Admin(stack);
        admin.addPartner("chosen-later-closed", "Soon Closed Group", "*", "");
        String key = "replay-" + java.util.UUID.randomUUID();
        String json = aStory().text(StoryTexts.unique("The footpath by the canal floods every winter now."))
                .anonymous().topics("environment").onlyFor("chosen-later-closed").json();

        Http.Reply first = http.postJson("/stories", json, "Idempotency-Key", key);
        admin.disable("chosen-later-closed");
        Http.Reply replay = http.postJson("/stories", json, "Idempotency-Key", key);
        Http.Reply fresh = http.postJson("/stories", json, "Idempotency-Key", key + "-new");

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        assertThat(replay.header("idempotent-replayed")).contains("true");
        assertThat(replay.json().get("reference").asText()).isEqualTo(first.json().get("reference").asText());
        assertThat(replay.json().get("manageToken").asText()).isEqualTo(first.json().get("manageToken").asText());
        assertRefusedNamingPartners(fresh, "chosen-later-closed");
    }

    @Test
    void aJsonStoryNamingAnEnabledPartnerIsSharedWithThatPartnerOnly() {
        Submitted story = aStory().anonymous().topics("housing").onlyFor("chosen-open").submitTo(http);

        Eventually.within(Eventually.FAN_OUT, story + " shared", () -> open.story(story.storyId()).status() == 200);
        assertThat(open.readFeed().storyIds()).contains(story.storyId());
        assertThat(other.story(story.storyId()).status()).isEqualTo(404);
        assertThat(other.readFeed().storyIds()).doesNotContain(story.storyId());
    }

    @Test
    void aConsentChangeNamingAnUnknownOrDisabledPartnerIsRefusedAndTheConsentIsUnchanged() {
        Submitted story = aStory().anonymous().topics("transport").onlyFor("chosen-open").submitTo(http);
        Map<String, AttributeValue> before = table.storyItem(story.reference());

        for (String wrong : List.of("no-such-partner", "chosen-closed")) {
            Http.Reply reply = http.putJson("/stories/" + story.reference() + "/consent",
                    "{\"share\":\"identified\",\"partners\":[\"chosen-other\",\"" + wrong + "\"]}", story.auth());
            assertRefusedNamingPartners(reply, wrong);
        }

        assertThat(table.storyItem(story.reference())).as("consent unchanged, not even its version")
                .isEqualTo(before);
        JsonNode view = http.get("/stories/" + story.reference(), story.auth()).json();
        assertThat(view.get("consent").get("share").asText()).isEqualTo("anonymous");
        assertThat(view.get("consent").get("partners")).extracting(JsonNode::asText).containsExactly("chosen-open");
    }

    @Test
    void aConsentChangeNamingEnabledPartnersIsSaved() {
        Submitted story = aStory().anonymous().topics("transport").onlyFor("chosen-open").submitTo(http);

        Http.Reply reply = http.putJson("/stories/" + story.reference() + "/consent",
                "{\"share\":\"anonymous\",\"partners\":[\"chosen-other\"]}", story.auth());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("consent").get("partners")).extracting(JsonNode::asText)
                .containsExactly("chosen-other");
    }

    @Test
    void theConsentFormNamingAnUnknownPartnerComesBackWithTheErrorSummaryAndChangesNothing() {
        Submitted story = aStory().anonymous().topics("money").onlyFor("chosen-open").submitTo(http);
        Map<String, AttributeValue> before = table.storyItem(story.reference());
        String path = "/stories/" + story.reference() + "/consent";
        String body = FormBodies.of("consent", "private", "partners", "chosen-open", "partners", "no-such-partner");

        Http.Reply english = http.send("POST", path, body, formHeaders(story, "en"));
        Http.Reply welsh = http.send("POST", path, body, formHeaders(story, "cy"));
        Http.Reply polish = http.send("POST", path, body, formHeaders(story, "pl"));

        assertThat(english.status()).isEqualTo(400);
        assertThat(english.body()).contains("class=\"error-summary\"", "There is a problem", "href=\"#partners\"",
                "Choose partners from the list").doesNotContain("no-such-partner");
        assertThat(welsh.status()).isEqualTo(400);
        assertThat(welsh.body()).contains("class=\"error-summary\"", "href=\"#partners\"", "Dewiswch bartneriaid o");
        assertThat(polish.status()).isEqualTo(400);
        assertThat(polish.body()).contains("class=\"error-summary\"", "href=\"#partners\"", "Wybierz partnerów z listy");
        assertThat(table.storyItem(story.reference())).as("consent unchanged").isEqualTo(before);

        Http.Reply disabled = http.send("POST", path,
                FormBodies.of("consent", "anonymous", "partners", "chosen-closed"), formHeaders(story, "en"));
        assertThat(disabled.status()).isEqualTo(400);
        assertThat(disabled.body()).contains("Choose partners from the list");
        assertThat(table.storyItem(story.reference())).as("consent unchanged").isEqualTo(before);

        Http.Reply saved = http.send("POST", path,
                FormBodies.of("consent", "anonymous", "partners", "chosen-other"), formHeaders(story, "en"));
        assertThat(saved.status()).isEqualTo(303);
        assertThat(http.get("/stories/" + story.reference(), story.auth()).json().get("consent").get("partners"))
                .extracting(JsonNode::asText).containsExactly("chosen-other");
    }

    @Test
    void onlyARequestThatNamesPartnersReadsThem() {
        CountingPartners counting = new CountingPartners(new DynamoPartnerStore(stack.dynamo(), stack.table()));
        PartnerDirectory directory = new PartnerDirectory(counting, Clock.systemUTC(), Duration.ofSeconds(60));
        byte[] secret = stack.environment("SubmitStoryFunction").get("RESIDENT_KEY_SECRET").getBytes(StandardCharsets.UTF_8);
        DynamoStoryStore store = new DynamoStoryStore(stack.dynamo(), stack.table(), FieldCipher.fromSecret(secret));
        Topics topics = Topics.parse(stack.environment("SubmitStoryFunction").get("TOPICS"));
        SubmitStoryHandler intake = new SubmitStoryHandler(new IntakeService(store, new StoryValidator(topics),
                new ResidentKeys(secret), Clock.systemUTC()), topics, directory, new IntakeMetrics(Metrics.OFF));
        ConsentHandler consent = new ConsentHandler(store, store, new ResidentSessions(
                new DynamoResidentSessionStore(stack.dynamo(), stack.table()), Clock.systemUTC()), directory, Metrics.OFF);

        APIGatewayV2HTTPResponse sent = intake.handleRequest(ApiEvents.request("POST", "/stories",
                aStory().anonymous().topics("health").json(), "content-type", "application/json"), null);
        assertThat(sent.getStatusCode()).as(sent.getBody()).isEqualTo(201);
        JsonNode answer = Http.parse(sent.getBody());
        String reference = answer.get("reference").asText();
        APIGatewayV2HTTPEvent put = ApiEvents.request("PUT", "/stories/" + reference + "/consent",
                "{\"share\":\"private\"}", "content-type", "application/json",
                "authorization", "Bearer " + answer.get("manageToken").asText());
        put.setPathParameters(Map.of("reference", reference));
        assertThat(consent.handleRequest(put, null).getStatusCode()).isEqualTo(200);
        assertThat(counting.reads.get()).as("no partners named: no partner read").isZero();

        APIGatewayV2HTTPEvent naming = ApiEvents.request("PUT", "/stories/" + reference + "/consent",
                "{\"share\":\"anonymous\",\"partners\":[\"chosen-open\"]}", "content-type", "application/json",
                "authorization", "Bearer " + answer.get("manageToken").asText());
        naming.setPathParameters(Map.of("reference", reference));
        assertThat(consent.handleRequest(naming, null).getStatusCode()).isEqualTo(200);
        assertThat(counting.reads.get()).as("partners named: read once, as they are now").isEqualTo(1);
    }

    /** A partner store that counts the reads of the whole list. */
    private static final class CountingPartners implements PartnerStore {
        private final PartnerStore delegate;
        private final AtomicInteger reads = new AtomicInteger();

        CountingPartners(PartnerStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<Partner> all() {
            reads.incrementAndGet();
            return delegate.all();
        }

        @Override
        public Optional<Partner> find(String partnerId) {
            return delegate.find(partnerId);
        }

        @Override
        public Optional<Keyed> findWithKeyHash(String partnerId) {
            return delegate.findWithKeyHash(partnerId);
        }

        @Override
        public Optional<Partner> findByKeyHash(String keyHash) {
            return delegate.findByKeyHash(keyHash);
        }

        @Override
        public boolean add(Partner partner, String keyHash) {
            return delegate.add(partner, keyHash);
        }

        @Override
        public boolean rotateKey(String partnerId, String newKeyHash) {
            return delegate.rotateKey(partnerId, newKeyHash);
        }

        @Override
        public boolean setEnabled(String partnerId, boolean enabled) {
            return delegate.setEnabled(partnerId, enabled);
        }
    }

    private static String[] formHeaders(Submitted story, String language) {
        return new String[] {"content-type", FORM, "Origin", stack.baseUrl(), "Sec-Fetch-Site", "same-origin",
            "Accept", HTML, "Cookie", "tellonce_manage=" + story.manageToken() + "; lang=" + language};
    }

    private static void assertRefusedNamingPartners(Http.Reply reply, String wrongId) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().get("error").asText()).isEqualTo("validation");
        String message = reply.json().get("fields").get("partners").asText();
        assertThat(message).contains("enabled partner").doesNotContain(wrongId);
    }
}
