package org.tellonce.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.StorySubmission;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.TestStack;

/**
 * Residents send stories over HTTP, the stream poller runs the real fan-out, and each partner pulls
 * its feed over HTTP: every partner holds exactly what SPEC §6 allows, shown as the consent says.
 */
class SharingEndToEndIntegrationTest {
    private static LocalStack stack;
    private static Http http;
    private static final Map<String, Subscription> partners = new LinkedHashMap<>();
    private static final Map<String, PartnerClient> clients = new LinkedHashMap<>();
    private static final List<Submitted> sent = new ArrayList<>();

    private static Submitted priyaAnonymous;
    private static Submitted tomIdentifiedByPhone;
    private static Submitted samIdentifiedByEmail;
    private static Submitted privateStory;
    private static Submitted annFirst;
    private static Submitted annAnonymous;
    private static Submitted annSecond;
    private static Submitted annThird;

    /** A partner as the admin set it up, with SPEC §6's rule written out again (not SharingRule). */
    private record Subscription(String id, String name, Set<String> topics, List<String> areas) {
        boolean receives(StorySubmission story) {
            boolean ticked = story.partners().contains(id);
            boolean consented = !story.share().equals("private") && (story.partners().isEmpty() || ticked);
            boolean topicsMeet = topics.contains("*") || story.topics().stream().anyMatch(topics::contains);
            // A district covers itself and its sectors ("LE1", "LE1 5"), never a longer district ("LE15").
            String area = story.area().orElse("").toUpperCase(Locale.ROOT);
            boolean areaFits = areas.isEmpty() || (!area.isEmpty()
                    && areas.stream().anyMatch(a -> area.equals(a) || area.startsWith(a + " ")));
            // A partner the resident ticked gets the story whatever its topics and areas.
            return consented && (ticked || (topicsMeet && areaFits));
        }
    }

    @BeforeAll
    static void residentsTellTheirStories() {
        stack = TestStack.start();
        http = new Http(stack.baseUrl());
        Admin admin = new Admin(stack);
        addPartner(admin, new Subscription("council", "Leicester City Council", Set.of("*"), List.of("LE1")));
        addPartner(admin, new Subscription("healthwatch", "Healthwatch Leicester", Set.of("health", "social-care"),
                List.of()));
        addPartner(admin, new Subscription("housing-trust", "Housing Trust", Set.of("housing"), List.of("LE2", "LE3")));

        priyaAnonymous = send(aStory().anonymous().topics("health").area("LE1").name("Priya Shah")
                .contact("priya.shah@example.org")
                .text("My GP in LE1 5WW never calls back. Email me at priya.shah@example.org or ring 07700 900123."));
        tomIdentifiedByPhone = send(aStory().identified().topics("housing").area("LE2").name("Tom Brown")
                .contact("07700 900456").text("Damp in the bedroom again and the landlord will not come out."));
        privateStory = send(aStory().privately().topics("health").area("LE1").name("Pat Private")
                .contact("pat@example.org").text("Only for TellOnce: the waiting room was full of smoke."));
        send(aStory().anonymous().topics("health", "housing").area("LE3").onlyFor("housing-trust"));
        samIdentifiedByEmail = send(aStory().identified().topics("social-care").onlyFor("healthwatch", "council")
                .name("Sam Carer").contact("Sam.Carer@Example.org ")
                .text("The carers' visits are cut to fifteen minutes, not enough to help Mum wash."));
        send(aStory().anonymous().topics("transport").area("LE1"));
        send(aStory().identified().topics("housing").area("LE2").onlyFor("council").contact("rent@example.org"));
        send(aStory().anonymous().area("LE1"));
        send(aStory().identified().topics("environment").area("LE1").onlyFor("healthwatch").contact("fly@example.org"));

        // One resident (the same contact) over time: identified, anonymous, identified, identified.
        annFirst = send(ann().identified().topics("health").onlyFor("healthwatch")
                .text("I waited six hours in A&E with my father last Tuesday."));
        annAnonymous = send(ann().anonymous().topics("health").area("LE1")
                .text("Nobody at the hospital explained his medication to us."));
        annSecond = send(ann().identified().topics("social-care").onlyFor("healthwatch")
                .text("Now that he is home, no carer has been arranged."));
        annThird = send(ann().identified().topics("health", "social-care").onlyFor("healthwatch")
                .text("Still no carer after three weeks; I have had to stop working."));

        // The last story is shared within SPEC's 2 s; the stream is in order, so the earlier ones are too.
        for (String id : partners.keySet()) {
            Eventually.within(Eventually.FAN_OUT, id + " holds what it should",
                    () -> Set.copyOf(clients.get(id).readFeed().storyIds()).equals(Set.copyOf(expectedFor(id))));
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void eachPartnerHoldsExactlyTheStoriesItsSubscriptionAndTheResidentsConsentAllow() {
        for (String id : partners.keySet()) {
            // A small page size, so the whole feed is read through several cursors.
            List<String> feed = clients.get(id).readFeed(2, null).storyIds();
            assertThat(feed).as("feed of %s", id).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expectedFor(id));
        }
        assertThat(expectedFor("council")).as("the test data reaches every partner").isNotEmpty();
        assertThat(expectedFor("healthwatch")).isNotEmpty();
        assertThat(expectedFor("housing-trust")).isNotEmpty();
    }

    @Test
    void aPrivateStoryReachesNoPartnerBySingleStoryLookupEither() {
        for (PartnerClient partner : clients.values()) {
            assertThat(partner.story(privateStory.storyId()).status()).isEqualTo(404);
            assertThat(partner.readFeed().items().toString()).doesNotContain(privateStory.story().text(), "Pat Private");
        }
    }

    @Test
    void anIdentifiedStoryShowsTheResidentsNameAndContact() {
        JsonNode byPhone = clients.get("housing-trust").readFeed().item(tomIdentifiedByPhone.storyId()).orElseThrow();
        assertThat(byPhone.get("text").asText()).isEqualTo(tomIdentifiedByPhone.story().text());
        assertThat(byPhone.get("contact").get("name").asText()).isEqualTo("Tom Brown");
        assertThat(byPhone.get("contact").get("phone").asText()).isEqualTo("+447700900456");
        assertThat(byPhone.get("contact").get("email").isNull()).isTrue();

        JsonNode byEmail = clients.get("healthwatch").story(samIdentifiedByEmail.storyId()).json();
        assertThat(byEmail.get("contact").get("name").asText()).isEqualTo("Sam Carer");
        assertThat(byEmail.get("contact").get("email").asText()).isEqualTo("sam.carer@example.org");
        assertThat(byEmail.get("contact").get("phone").isNull()).isTrue();
    }

    @Test
    void anAnonymousStoryHasNoContactAndItsTextHasPersonalDetailsMasked() {
        for (String id : List.of("council", "healthwatch")) {
            JsonNode item = clients.get(id).readFeed().item(priyaAnonymous.storyId()).orElseThrow();
            assertThat(item.get("contact").isNull()).as("contact for %s", id).isTrue();
            assertThat(item.get("text").asText()).isEqualTo(
                    "My GP in [postcode removed] never calls back. Email me at [email removed] or ring [phone removed].");
            assertThat(item.toString()).doesNotContain("Priya", "priya.shah", "07700", "900123", "5WW");
            assertThat(item.get("area").asText()).isEqualTo("LE1");
            assertThat(clients.get(id).story(priyaAnonymous.storyId()).body())
                    .isEqualTo(item.toString()).doesNotContain("priya.shah");
        }
    }

    @Test
    void itemsCarryTheFieldsPartnersRelyOn() {
        JsonNode item = clients.get("healthwatch").story(samIdentifiedByEmail.storyId()).json();
        assertThat(iterable(item.fieldNames())).containsExactlyInAnyOrder("storyId", "reference", "receivedAt",
                "sharedAt", "channel", "topics", "area", "language", "text", "contact", "history", "chosenByResident",
                "handling", "assignee", "status", "lead", "overdue");
        assertThat(item.get("status").asText()).isEqualTo("shared");
        assertThat(item.get("lead").isNull()).as("no partner leads it yet").isTrue();
        assertThat(item.get("overdue").asBoolean()).as("just shared").isFalse();
        assertThat(item.get("handling").asText()).as("nobody at the partner has worked on it yet").isEqualTo("new");
        assertThat(item.get("assignee").isNull()).isTrue();
        assertThat(item.get("chosenByResident").asBoolean()).as("Sam ticked healthwatch").isTrue();
        assertThat(clients.get("healthwatch").story(priyaAnonymous.storyId()).json().get("chosenByResident").asBoolean())
                .as("Priya ticked nobody").isFalse();
        assertThat(item.get("reference").asText()).isEqualTo(samIdentifiedByEmail.reference());
        assertThat(item.get("channel").asText()).isEqualTo("web");
        assertThat(item.get("language").asText()).isEqualTo("en");
        assertThat(item.get("area").isNull()).isTrue();
        assertThat(texts(item.get("topics"))).containsExactly("social-care");
        assertThat(java.time.Instant.parse(item.get("sharedAt").asText()))
                .isAfterOrEqualTo(java.time.Instant.parse(item.get("receivedAt").asText()));
    }

    @Test
    void anAnonymousStoryIsNeverLinkedToTheSameResidentsIdentifiedOnes() {
        for (String id : List.of("council", "healthwatch")) {
            JsonNode anonymous = clients.get(id).story(annAnonymous.storyId()).json();
            assertThat(anonymous.get("history")).as("history of the anonymous story for %s", id).isEmpty();
            assertThat(anonymous.get("contact").isNull()).isTrue();
        }
        for (Submitted identified : List.of(annFirst, annSecond, annThird)) {
            String body = clients.get("healthwatch").story(identified.storyId()).body();
            assertThat(body).doesNotContain(annAnonymous.storyId(), annAnonymous.reference(),
                    annAnonymous.story().text());
        }
    }

    @Test
    void aNewlySharedStoryIsInTheFeedWithinTwoSeconds() {
        Submitted story = send(aStory().anonymous().topics("housing").area("LE3 9ZZ"));
        PartnerClient housing = clients.get("housing-trust");
        var took = Eventually.within(Eventually.FAN_OUT, "the new story in housing-trust's feed",
                () -> housing.story(story.storyId()).status() == 200);
        assertThat(housing.readFeed().storyIds()).contains(story.storyId());
        assertThat(took).isLessThanOrEqualTo(Eventually.FAN_OUT);
    }

    private static void addPartner(Admin admin, Subscription subscription) {
        String key = admin.addPartner(subscription.id(), subscription.name(), String.join(",", subscription.topics()),
                String.join(",", subscription.areas()));
        partners.put(subscription.id(), subscription);
        clients.put(subscription.id(), new PartnerClient(http, key));
    }

    private static StorySubmission ann() {
        return aStory().name("Ann Example").contact("ann@example.org");
    }

    private static Submitted send(StorySubmission story) {
        Submitted submitted = story.submitTo(http);
        synchronized (sent) {
            sent.add(submitted);
        }
        return submitted;
    }

    private static List<String> expectedFor(String partnerId) {
        synchronized (sent) {
            return sent.stream().filter(s -> partners.get(partnerId).receives(s.story())).map(Submitted::storyId).toList();
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static List<String> texts(JsonNode array) {
        return list(array).stream().map(JsonNode::asText).toList();
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
