package org.tellonce.core.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.core.intake.StoryRequestBuilder.aStory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;
import org.tellonce.core.story.Topics;

public class IntakeServiceTest {
    private final InMemoryIntakeStore store = new InMemoryIntakeStore();
    private final IntakeService intake = new IntakeService(store,
            new StoryValidator(new Topics(List.of("transport", "housing"))),
            new ResidentKeys("a test secret, 32 bytes or more..".getBytes(StandardCharsets.UTF_8)),
            Clock.fixed(Instant.parse("2025-03-01T10:20:00Z"), ZoneOffset.UTC));

    @Test
    void anAcceptedStoryIsStoredOnceWithWhatTheResidentChose() {
        StoryRequest request = aStory().topics("Transport").area("le1 1aa").contact("ann@example.org")
                .share("identified").build();

        IntakeOutcome outcome = submit(request, Optional.empty());

        assertThat(outcome).isInstanceOf(IntakeOutcome.Accepted.class);
        IntakeOutcome.Accepted accepted = (IntakeOutcome.Accepted) outcome;
        assertThat(store.stories()).singleElement().satisfies(story -> {
            assertThat(story.reference()).isEqualTo(accepted.reference());
            assertThat(story.storyId()).isEqualTo(accepted.storyId());
            assertThat(story.channel()).isEqualTo(Channel.WEB);
            assertThat(story.topics()).containsExactly("transport");
            assertThat(story.area()).contains("LE1 1"); // only the postcode sector is kept
            assertThat(story.consent().share()).isEqualTo(Share.IDENTIFIED);
            assertThat(story.status()).isEqualTo(Story.Status.RECEIVED);
        });
        assertThat(accepted.manageToken()).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void theSameIdempotencyKeyReplaysTheFirstAnswerAndStoresNothingMore() {
        StoryRequest request = aStory().build();
        IntakeOutcome.Accepted first = (IntakeOutcome.Accepted) submit(request, Optional.of("key-1"));

        IntakeOutcome again = submit(request, Optional.of("key-1"));

        assertThat(again).isEqualTo(new IntakeOutcome.Replayed(first.reference(), first.storyId(),
                Optional.of(first.manageToken()), false));
        assertThat(store.stories()).hasSize(1);
    }

    @Test
    void aKeyReusedForADifferentBodyIsRefused() {
        submit(aStory().build(), Optional.of("key-1"));

        IntakeOutcome other = intake.submit(aStory().story("Another story about the broken lift.").build(),
                Channel.WEB, Optional.of("key-1"), "another body");

        assertThat(other).isInstanceOf(IntakeOutcome.KeyReused.class);
        assertThat(store.stories()).hasSize(1);
    }

    @Test
    void theSameTextFromTheSameContactIsADuplicateOfTheFirstStory() {
        IntakeOutcome.Accepted first = (IntakeOutcome.Accepted) intake.submit(
                aStory().contact("07700 900123").build(), Channel.WEB, Optional.empty(), "body 1");

        IntakeOutcome again = intake.submit(aStory().contact("+44 7700 900123").story(
                "  THE BUS to the hospital did not come,   so I missed my appointment. ").build(),
                Channel.SMS, Optional.empty(), "body 2");

        assertThat(again).isEqualTo(new IntakeOutcome.Duplicate(first.reference(), first.storyId()));
        assertThat(store.stories()).hasSize(1);
    }

    @Test
    void theSameTextFromAnotherContactIsANewStory() {
        intake.submit(aStory().contact("ann@example.org").build(), Channel.WEB, Optional.empty(), "body 1");

        IntakeOutcome other = intake.submit(aStory().contact("bob@example.org").build(), Channel.WEB,
                Optional.empty(), "body 2");

        assertThat(other).isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(store.stories()).hasSize(2);
    }

    @Test
    void aContactMaySendTenStoriesAnHourThenWaitsForTheNextHour() {
        for (int i = 0; i < Limits.STORIES_PER_CONTACT_PER_HOUR; i++) {
            assertThat(intake.submit(aStory().contact("ann@example.org").story("Story number " + i + " about buses.")
                    .build(), Channel.WEB, Optional.empty(), "body " + i)).isInstanceOf(IntakeOutcome.Accepted.class);
        }

        IntakeOutcome tooMany = intake.submit(aStory().contact("ann@example.org").story("One story too many.").build(),
                Channel.WEB, Optional.empty(), "body 11");
        IntakeOutcome someoneElse = intake.submit(aStory().contact("bob@example.org").story("One story too many.")
                .build(), Channel.WEB, Optional.empty(), "body 12");

        // 10:20 now: the allowance comes back at 11:00.
        assertThat(tooMany).isEqualTo(new IntakeOutcome.RateLimited(40 * 60));
        assertThat(someoneElse).isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(store.stories()).hasSize(Limits.STORIES_PER_CONTACT_PER_HOUR + 1);
    }

    @Test
    void storiesFiledOnTheWebUnderANumberNeverUseUpThatNumbersOwnSmsAllowance() {
        for (int i = 0; i <= Limits.STORIES_PER_CONTACT_PER_HOUR; i++) {
            intake.submit(aStory().contact("07700 900123").story("Typed story number " + i + " about buses.").build(),
                    Channel.WEB, Optional.empty(), "body " + i);
        }

        IntakeOutcome bySms = intake.submit(aStory().contact("+447700900123").story("My own story by text.").build(),
                Channel.SMS, Optional.empty(), "sms body");

        assertThat(bySms).isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(store.stories()).filteredOn(Story::contactProven).singleElement()
                .satisfies(story -> assertThat(story.channel()).isEqualTo(Channel.SMS));
    }

    @Test
    void brokenRulesComeBackAsViolationsFieldByFieldAndNothingIsStored() {
        IntakeOutcome outcome = submit(aStory().story("short").topics("weather").contact("not a contact")
                .share("identified").build(), Optional.of("key-1"));

        assertThat(outcome).isEqualTo(new IntakeOutcome.Rejected(java.util.Map.of(
                "story", Violation.limit(Violation.Rule.STORY_TOO_SHORT, Limits.STORY_MIN),
                "topics", Violation.topicUnknown(List.of("transport", "housing")),
                "contact", Violation.of(Violation.Rule.CONTACT_UNRECOGNISED))));
        assertThat(store.stories()).isEmpty();
        assertThat(intake.earlierAnswer(Optional.of("key-1"), "body")).isEmpty();
    }

    @Test
    void aFilledHoneypotIsAnsweredLikeSuccessButNothingIsStored() {
        assertThat(submit(aStory().website("http://spam.example").build(), Optional.empty()))
                .isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(store.stories()).isEmpty();
    }

    private IntakeOutcome submit(StoryRequest request, Optional<String> key) {
        return intake.submit(request, Channel.WEB, key, "body");
    }
}
