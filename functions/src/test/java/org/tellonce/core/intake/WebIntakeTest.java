package org.tellonce.core.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.core.intake.StoryRequestBuilder.aStory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tellonce.core.partner.InMemoryPartnerStore;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.core.resident.ResidentKeys;
import org.tellonce.core.story.Topics;

public class WebIntakeTest {
    private final Clock clock = Clock.fixed(Instant.parse("2025-03-01T10:20:00Z"), ZoneOffset.UTC);
    private final InMemoryIntakeStore store = new InMemoryIntakeStore();
    private final InMemoryPartnerStore partners = new InMemoryPartnerStore(InMemoryPartnerStore.enabled("food-bank"),
            InMemoryPartnerStore.disabled("closed"));
    private final StoryValidator validator = new StoryValidator(new Topics(List.of("transport")));
    private final WebIntake intake = new WebIntake(new IntakeService(store, validator,
            new ResidentKeys("a test secret, 32 bytes or more..".getBytes(StandardCharsets.UTF_8)), clock),
            validator, new PartnerDirectory(partners, clock, Duration.ofSeconds(60)));

    @Test
    void aStoryNamingOnlyEnabledPartnersIsAccepted() {
        assertThat(intake.fromApi(aStory().partners("food-bank").build(), Optional.empty(), "body"))
                .isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(store.stories()).singleElement()
                .satisfies(story -> assertThat(story.consent().partners()).containsExactly("food-bank"));
    }

    @Test
    void aPartnerThatIsNotEnabledIsRefusedWithTheStorysOtherMistakesAndNothingIsStored() {
        IntakeOutcome outcome = intake.fromApi(aStory().story("short").partners("food-bank", "closed").build(),
                Optional.empty(), "body");

        assertThat(outcome).isEqualTo(new IntakeOutcome.PartnersNotEnabled(Map.of(
                "story", Violation.limit(Violation.Rule.STORY_TOO_SHORT, Limits.STORY_MIN),
                "partners", Violation.of(Violation.Rule.PARTNER_NOT_ENABLED))));
        assertThat(intake.fromForm(aStory().partners("nobody").build(), Optional.empty(), false, "form body"))
                .isInstanceOf(IntakeOutcome.PartnersNotEnabled.class);
        assertThat(store.stories()).isEmpty();
    }

    @Test
    void aReplayAnswersAsTheFirstTimeEvenIfAPartnerItNamesWasDisabledSince() {
        StoryRequest story = aStory().partners("food-bank").build();
        IntakeOutcome.Accepted first = (IntakeOutcome.Accepted) intake.fromApi(story, Optional.of("key-1"), "body");
        partners.setEnabled("food-bank", false);

        assertThat(intake.fromApi(story, Optional.of("key-1"), "body")).isEqualTo(new IntakeOutcome.Replayed(
                first.reference(), first.storyId(), Optional.of(first.manageToken()), false));
        assertThat(intake.fromApi(story, Optional.of("key-2"), "body"))
                .isInstanceOf(IntakeOutcome.PartnersNotEnabled.class);
    }

    @Test
    void aFormPostedTwiceStoresOnceButAChangedFormUnderTheSameSubmissionIdIsANewStory() {
        Optional<String> key = WebIntake.formKey(Optional.empty(), Optional.of("abc123"));
        IntakeOutcome first = intake.fromForm(aStory().build(), key, false, "form body");

        IntakeOutcome doubleClick = intake.fromForm(aStory().build(), key, false, "form body");
        IntakeOutcome changed = intake.fromForm(aStory().story("I went back and told it better.").build(), key, false,
                "changed form body");

        assertThat(first).isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(doubleClick).isInstanceOf(IntakeOutcome.Replayed.class);
        assertThat(changed).isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(store.stories()).hasSize(2);
    }

    @Test
    void anIdempotencyKeySentWithTheFormIsHeldToItsBody() {
        intake.fromForm(aStory().build(), Optional.of("client-key"), true, "form body");

        assertThat(intake.fromForm(aStory().story("Another story altogether.").build(), Optional.of("client-key"),
                true, "another body")).isInstanceOf(IntakeOutcome.KeyReused.class);
        assertThat(store.stories()).hasSize(1);
    }

    @Test
    void theFormsKeyIsTheHeaderIfSentElseItsSubmissionId() {
        assertThat(WebIntake.formKey(Optional.of("client-key"), Optional.of("abc"))).contains("client-key");
        assertThat(WebIntake.formKey(Optional.empty(), Optional.of("abc"))).contains("form:abc");
        assertThat(WebIntake.formKey(Optional.empty(), Optional.of("  "))).isEmpty();
    }

    @Test
    void anIdempotencyKeyIsOneTo255VisibleAsciiCharacters() {
        assertThat(WebIntake.idempotencyKey("  order-42 ")).contains("order-42");
        assertThat(WebIntake.idempotencyKey("x".repeat(255))).isPresent();
        assertThat(WebIntake.idempotencyKey("x".repeat(256))).isEmpty();
        assertThat(WebIntake.idempotencyKey("   ")).isEmpty();
        assertThat(WebIntake.idempotencyKey("two words")).isEmpty();
        assertThat(WebIntake.idempotencyKey("clé")).isEmpty();
    }

    @Test
    void theSameFieldsAsJsonOrAsAFormAreADifferentRequest() {
        StoryRequest story = aStory().build();
        assertThat(WebIntake.fingerprint("application/json", story))
                .isNotEqualTo(WebIntake.fingerprint("application/x-www-form-urlencoded", story))
                .isEqualTo(WebIntake.fingerprint("application/json", aStory().build()));
    }

    @Test
    void theOrderOfTopicsAndPartnersDoesNotMakeAnotherRequestButAnyOtherFieldDoes() {
        String first = WebIntake.fingerprint("application/json", aStory().topics("health", "transport")
                .partners("a", "b").build());
        assertThat(WebIntake.fingerprint("application/json", aStory().topics("transport", "health")
                .partners("b", "a").build())).isEqualTo(first);
        assertThat(WebIntake.fingerprint("application/json", aStory().topics("health").partners("a", "b").build()))
                .isNotEqualTo(first);
        assertThat(WebIntake.fingerprint("application/json", aStory().topics("health", "transport")
                .partners("a", "b").area("LE1").build())).isNotEqualTo(first);
    }
}
