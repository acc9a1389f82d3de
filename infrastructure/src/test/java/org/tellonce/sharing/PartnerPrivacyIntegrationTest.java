package org.tellonce.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.testing.StorySubmission.aStory;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.core.story.Share;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.Admin;
import org.tellonce.testing.Eventually;
import org.tellonce.testing.Http;
import org.tellonce.testing.PartnerClient;
import org.tellonce.testing.StoredStories;
import org.tellonce.testing.StorySubmission.Submitted;
import org.tellonce.testing.TestPhones;
import org.tellonce.testing.TextingResident;

/**
 * What a partner can learn about who told a story, through the local stack's HTTP API: history links
 * only stories from a proven contact that the partner could only ever read at one identity level (SPEC
 * §7), an identified contact says whether it is verified, and an anonymous story shows no area text that
 * could name a person or a home.
 */
class PartnerPrivacyIntegrationTest {
    /** Several stories told one after another: all in the feed. */
    private static final Duration ALL_SHARED = Duration.ofSeconds(10);
    private static LocalStack stack;
    private static Http http;
    private static StoredStories stored;
    /** Takes every story, wherever it is. */
    private static PartnerClient everything;

    @BeforeAll
    static void start() {
        // One number tells twelve stories here to fill its history; the hourly limit is tested elsewhere.
        stack = org.tellonce.testing.TestStack.start(Map.of("STORIES_PER_CONTACT_PER_HOUR", "100"));
        http = new Http(stack.baseUrl());
        stored = new StoredStories(stack);
        Admin admin = new Admin(stack);
        everything = new PartnerClient(http, admin.addPartner("everything", "Voluntary Action", "*", ""));
        admin.addPartner("charnwood-trust", "Charnwood Trust", "*", "Charnwood");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void historyListsTheSameNumbersEarlierStoriesSharedWithThisPartnerNewestFirst() {
        TextingResident ann = new TextingResident(http);
        String first = unique("I waited six hours in A&E with my father last Tuesday.");
        String second = unique("Now that he is home, no carer has been arranged.");
        String third = unique("Still no carer after three weeks; I have had to stop working.");
        for (String text : List.of(first, second, third)) {
            ann.tells(text, "YES");
        }

        Map<String, JsonNode> items = awaitItemsTelling(List.of(first, second, third));
        JsonNode latest = items.get(third);
        JsonNode earlier = items.get(second);
        JsonNode earliest = items.get(first);

        List<JsonNode> history = list(latest.get("history"));
        assertThat(history).extracting(h -> h.get("storyId").asText())
                .containsExactly(earlier.get("storyId").asText(), earliest.get("storyId").asText());
        JsonNode entry = history.get(0);
        assertThat(iterable(entry.fieldNames()))
                .containsExactlyInAnyOrder("storyId", "reference", "receivedAt", "topics", "text");
        assertThat(entry.get("reference").asText()).isEqualTo(earlier.get("reference").asText());
        assertThat(entry.get("receivedAt").asText()).isEqualTo(earlier.get("receivedAt").asText());
        assertThat(entry.get("text").asText()).isEqualTo(second);
        assertThat(list(earlier.get("history"))).extracting(h -> h.get("storyId").asText())
                .containsExactly(earliest.get("storyId").asText());
        assertThat(earliest.get("history")).isEmpty();
    }

    @Test
    void historyHoldsAtMostTheTenNewestEarlierStories() {
        TextingResident hana = new TextingResident(http);
        List<String> visits = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            visits.add(unique("Visit " + i + ": the ward was short of nurses again."));
            hana.tells(visits.get(i - 1), "YES");
        }

        Map<String, JsonNode> items = awaitItemsTelling(visits);
        List<String> ids = new ArrayList<>(visits.stream().map(t -> items.get(t).get("storyId").asText()).toList());
        List<JsonNode> history = list(everything.story(ids.get(11)).json().get("history"));

        List<String> tenBefore = new ArrayList<>(ids.subList(1, 11));
        Collections.reverse(tenBefore);
        assertThat(history).extracting(h -> h.get("storyId").asText()).containsExactlyElementsOf(tenBefore);
    }

    @Test
    void aStoryThePartnerReadIdentifiedIsNotInTheHistoryOfALaterAnonymousOneAfterItTurnedAnonymous() {
        TextingResident resident = new TextingResident(http);
        String alwaysAnonymous = unique("The bus to the hospital did not come again this morning.");
        resident.tells(alwaysAnonymous, "ANON");
        StoredStories.Told once = stored.textedWithToken(resident.number(), Share.IDENTIFIED,
                unique("The pharmacy ran out of my mother's prescription twice."));
        JsonNode readIdentified = awaitItem(once.story().storyId());
        assertThat(readIdentified.get("contact").get("phone").asText()).isEqualTo(resident.number());

        changeConsent(once, "anonymous");
        String later = unique("Nobody at the pharmacy could say when it would be back in stock.");
        resident.tells(later, "ANON");

        JsonNode laterItem = awaitItemTelling(later);
        assertThat(everything.story(once.story().storyId()).json().get("contact").isNull()).isTrue();
        assertThat(list(laterItem.get("history"))).extracting(h -> h.get("storyId").asText())
                .as("only the story this partner only ever read anonymously")
                .containsExactly(awaitItemTelling(alwaysAnonymous).get("storyId").asText());
    }

    @Test
    void aStoryThePartnerReadAnonymousIsNotInTheHistoryOfALaterIdentifiedOneAfterItTurnedIdentified() {
        TextingResident resident = new TextingResident(http);
        String alwaysIdentified = unique("The lift in our block has been broken for a month.");
        resident.tells(alwaysIdentified, "YES");
        StoredStories.Told once = stored.textedWithToken(resident.number(), Share.ANONYMOUS,
                unique("Someone keeps dumping rubbish behind the flats at night."));
        assertThat(awaitItem(once.story().storyId()).get("contact").isNull()).isTrue();

        changeConsent(once, "identified");
        String later = unique("The lift is still broken and my neighbour cannot get out.");
        resident.tells(later, "YES");

        assertThat(list(awaitItemTelling(later).get("history"))).extracting(h -> h.get("storyId").asText())
                .as("only the story this partner only ever read identified")
                .containsExactly(awaitItemTelling(alwaysIdentified).get("storyId").asText());
    }

    @Test
    void aTypedNumberLinksNoHistoryEitherWayWithTheStoriesTextedFromIt() {
        TextingResident resident = new TextingResident(http);
        String firstText = unique("The streetlight outside number 4 has been out for weeks.");
        resident.tells(firstText, "YES");
        String firstId = awaitItemTelling(firstText).get("storyId").asText();
        Submitted typed = aStory().identified().contact(TestPhones.national(resident.number())).submitTo(http);
        awaitItem(typed.storyId());
        String secondText = unique("Still no light outside number 4, and it is dark by five.");
        resident.tells(secondText, "YES");

        JsonNode second = awaitItemTelling(secondText);
        Submitted typedLater = aStory().identified().contact(resident.number()).submitTo(http);

        assertThat(list(second.get("history"))).extracting(h -> h.get("storyId").asText()).containsExactly(firstId);
        assertThat(awaitItem(typedLater.storyId()).get("history")).as("a typed number proves nothing").isEmpty();
    }

    @Test
    void anIdentifiedContactSaysWhetherItIsVerifiedTypedOnTheWebOrTheNumberThatTexted() {
        TextingResident resident = new TextingResident(http);
        Submitted typed = aStory().identified().contact(resident.number()).submitTo(http);
        String texted = unique("The bins on our road were not collected this week.");
        resident.tells(texted, "YES");

        JsonNode typedContact = awaitItem(typed.storyId()).get("contact");
        JsonNode textedContact = awaitItemTelling(texted).get("contact");

        assertThat(typedContact.get("phone").asText()).isEqualTo(resident.number());
        assertThat(typedContact.get("verified").isBoolean()).isTrue();
        assertThat(typedContact.get("verified").asBoolean()).isFalse();
        assertThat(textedContact.get("phone").asText()).isEqualTo(resident.number());
        assertThat(textedContact.get("verified").asBoolean()).isTrue();
    }

    @Test
    void anAnonymousStoryShowsPartnersOnlyAPostcodeSectorOrAConfiguredAreaName() {
        Submitted person = aStory().anonymous().area("John Smith").submitTo(http);
        Submitted postcode = aStory().anonymous().area("LE1 5AB").submitTo(http);
        Submitted named = aStory().anonymous().area("Charnwood").submitTo(http);
        Submitted identified = aStory().identified().contact("area.test@example.org").area("John Smith").submitTo(http);

        assertThat(awaitItem(person.storyId()).get("area").isNull()).as("a name typed as the area").isTrue();
        assertThat(awaitItem(postcode.storyId()).get("area").asText()).isEqualTo("LE1 5");
        assertThat(awaitItem(named.storyId()).get("area").asText()).isEqualTo("Charnwood");
        assertThat(awaitItem(identified.storyId()).get("area").asText()).isEqualTo("John Smith");
        Http.Reply ownPage = http.get("/stories/" + person.reference(), "accept", "text/html",
                person.auth()[0], person.auth()[1]);
        assertThat(ownPage.body()).as("the resident's own page keeps it").contains("John Smith");
    }

    private static void changeConsent(StoredStories.Told story, String share) {
        Http.Reply changed = http.putJson("/stories/" + story.story().reference().value() + "/consent",
                Http.write(Map.of("share", share, "partners", List.of())), story.auth());
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    }

    private static JsonNode awaitItem(String storyId) {
        Eventually.within(Eventually.FAN_OUT, storyId + " shared", () -> everything.story(storyId).status() == 200);
        return everything.story(storyId).json();
    }

    /** The partner's item of the story with this text (told by SMS: the reply giving its reference may be capped). */
    private static JsonNode awaitItemTelling(String text) {
        return awaitItemsTelling(List.of(text), Eventually.FAN_OUT).get(text);
    }

    /**
     * The partner's items of the stories with these texts, all from one read of the feed once every one is
     * there (a read of the whole feed builds every item's history: one read, not one per story). What is
     * tested is the history, not the fan-out's speed (SharingEndToEndIntegrationTest holds the 2 s claim),
     * and a read of a feed of many stories with histories may itself take a while on a busy machine.
     */
    private static Map<String, JsonNode> awaitItemsTelling(List<String> texts) {
        return awaitItemsTelling(texts, ALL_SHARED);
    }

    private static Map<String, JsonNode> awaitItemsTelling(List<String> texts, Duration within) {
        Map<String, JsonNode> found = new java.util.HashMap<>();
        Eventually.within(within, texts.size() + " stories shared telling " + texts, () -> {
            found.clear();
            everything.readFeed().items().stream().filter(i -> texts.contains(i.get("text").asText()))
                    .forEach(i -> found.putIfAbsent(i.get("text").asText(), i));
            return found.keySet().containsAll(texts);
        });
        return found;
    }

    /**
     * A text no other story tells, marked with letters only: a marker of digits could be masked as a phone
     * number in an anonymous story, and the test finds SMS stories by their text.
     */
    private static String unique(String text) {
        StringBuilder marker = new StringBuilder();
        for (char c : UUID.randomUUID().toString().replace("-", "").toCharArray()) {
            marker.append((char) ('a' + Character.digit(c, 16)));
        }
        return text + " (" + marker + ")";
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
