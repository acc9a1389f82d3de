package org.tellonce.core.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tellonce.core.sharing.Stories.aPartner;
import static org.tellonce.core.sharing.Stories.aStory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.sharing.Stories.PartnerBuilder;
import org.tellonce.core.sharing.Stories.StoryBuilder;
import org.tellonce.core.story.Review;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;

public class SharingRuleTest {
    private static final String P = "food-bank";

    /** One condition of the rule: how it shapes the story and the partner, and whether it lets the story through. */
    private record Condition(String label, Consumer<StoryBuilder> story, Consumer<PartnerBuilder> partner,
                             boolean allows) {
        static Condition story(String label, Consumer<StoryBuilder> story, boolean allows) {
            return new Condition(label, story, partner -> { }, allows);
        }

        static Condition partner(String label, Consumer<PartnerBuilder> partner, boolean allows) {
            return new Condition(label, story -> { }, partner, allows);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private static final List<List<Condition>> CONDITIONS = List.of(
            List.of(
                    Condition.story("private", s -> s.share(Share.PRIVATE), false),
                    Condition.story("anonymous", s -> s.share(Share.ANONYMOUS), true),
                    Condition.story("identified", s -> s.share(Share.IDENTIFIED), true)),
            List.of(
                    Condition.story("for every partner", s -> s.forPartners(), true),
                    Condition.story("names P", s -> s.forPartners("advice-centre", P), true),
                    Condition.story("names someone else", s -> s.forPartners("advice-centre"), false)),
            List.of(
                    new Condition("topics meet", s -> s.topics("housing", "transport"), p -> p.topics("transport"), true),
                    new Condition("topics miss", s -> s.topics("housing"), p -> p.topics("health", "schools"), false),
                    new Condition("P takes *", s -> s.topics("housing"), p -> p.topics(Partner.ALL_TOPICS), true),
                    new Condition("story without topics", s -> s.topics(), p -> p.topics("housing"), false),
                    new Condition("story without topics, P takes *", s -> s.topics(), p -> p.topics("*"), true)),
            List.of(
                    new Condition("P has no areas", s -> s.area("LE1"), p -> p.areas(), true),
                    new Condition("LE1 covers its sector LE1 5", s -> s.area("LE1 5"), p -> p.areas("LE1"), true),
                    new Condition("le1 for LE1", s -> s.area("LE1"), p -> p.areas("le1"), true),
                    new Condition("LE1 does not cover LE15", s -> s.area("LE15"), p -> p.areas("LE1"), false),
                    new Condition("story without area", s -> s.noArea(), p -> p.areas("LE1"), false),
                    new Condition("neither has an area", s -> s.noArea(), p -> p.areas(), true)),
            List.of(
                    Condition.partner("P enabled", p -> p.enabled(true), true),
                    Condition.partner("P disabled", p -> p.enabled(false), false)),
            List.of(
                    Condition.story("received", s -> s.status(Story.Status.RECEIVED), true),
                    Condition.story("erased", s -> s.status(Story.Status.ERASED), false)),
            List.of(
                    Condition.story("no moderator needed", s -> s.review(Review.State.NONE), true),
                    Condition.story("held for a moderator", s -> s.review(Review.State.HELD), false),
                    Condition.story("approved", s -> s.review(Review.State.APPROVED), true),
                    Condition.story("rejected", s -> s.review(Review.State.REJECTED), false)));

    private static final List<Condition> TOPIC_AND_AREA = List.of(CONDITIONS.get(2), CONDITIONS.get(3)).stream()
            .flatMap(List::stream).toList();

    /**
     * Every combination of the conditions above; the story is shared only when each one allows it, or
     * when the only ones that do not are topics and areas of a partner the resident ticked.
     */
    static Stream<List<Condition>> everyCombination() {
        Stream<List<Condition>> combinations = Stream.of(List.of());
        for (List<Condition> choices : CONDITIONS) {
            combinations = combinations.flatMap(chosen -> choices.stream().map(choice -> {
                List<Condition> longer = new ArrayList<>(chosen);
                longer.add(choice);
                return longer;
            }));
        }
        return combinations;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCombination")
    void storyIsSharedExactlyWhenEveryConditionAllowsIt(List<Condition> conditions) {
        StoryBuilder story = aStory();
        PartnerBuilder partner = aPartner(P);
        conditions.forEach(condition -> {
            condition.story().accept(story);
            condition.partner().accept(partner);
        });
        // A partner the resident ticked gets the story whatever its topics and areas (SPEC §6).
        boolean ticked = conditions.stream().anyMatch(c -> c.label().equals("names P"));
        boolean expected = conditions.stream()
                .allMatch(c -> c.allows() || (ticked && (TOPIC_AND_AREA.contains(c))));

        assertThat(SharingRule.shares(story.build(), partner.build()))
                .as(conditions.stream().map(Condition::label).collect(Collectors.joining(", ")))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "story area \"{0}\", partner areas \"{1}\" → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            LE1                   |                     | true
            LE1                   | le1                 | true
            le1                   | LE1                 | true
            LE1                   | NG1;DE1;LE1         | true
            LE1                   | NG1;DE1             | false
            LE1                   | LE2                 | false
            # A district covers its sectors, never a longer district (LE15 is Rutland, not Leicester).
            LE1 5                 | LE1                 | true
            'LE1  5'              | le1                 | true
            LE15                  | LE1                 | false
            LE11                  | LE1                 | false
            LE1                   | LE15                | false
            # A sector covers itself only.
            LE1 5                 | LE1 5               | true
            LE1 6                 | LE1 5               | false
            LE1                   | LE1 5               | false
            LE15                  | LE1 5               | false
            # Letters alone are not a district: a name, matched whole.
            LE1                   | LE                  | false
            LE                    | LE1                 | false
            Leicester City Centre | leicester city      | false
            Leicester City Centre | 'LEICESTER  city centre' | true
            Market Harborough     | marketharborough    | true
            Belgrave              | Leicester           | false
                                  | LE1                 | false
                                  |                     | true
            '   '                 | LE1                 | false
            LE1                   | ' '                 | false
            LE1                   | ' ;LE1'             | true
            """)
    void aPartnerAreaCoversItsDistrictsSectorsOrTheSameName(String storyArea, String partnerAreas, boolean shared) {
        Story story = aStory().area(Optional.ofNullable(storyArea)).build();
        Partner partner = aPartner(P).areas(list(partnerAreas)).build();

        assertThat(SharingRule.shares(story, partner)).isEqualTo(shared);
    }

    @ParameterizedTest(name = "story topics \"{0}\", partner topics \"{1}\" → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            housing           | housing           | true
            housing;transport | transport         | true
            housing           | transport;housing | true
            housing           | transport         | false
            housing           | *                 | true
            housing           | transport;*       | true
                              | housing           | false
                              | *                 | true
            housing           |                   | false
            """)
    void partnerTopicsMustMeetTheStoryTopicsUnlessThePartnerTakesThemAll(String storyTopics, String partnerTopics,
                                                                          boolean shared) {
        Story story = aStory().topics(list(storyTopics)).build();
        Partner partner = aPartner(P).topics(list(partnerTopics)).build();

        assertThat(SharingRule.shares(story, partner)).isEqualTo(shared);
    }

    @Test
    void aPartnerTheResidentTickedGetsTheStoryWhateverItsTopicsAndAreas() {
        Story story = aStory().share(Share.ANONYMOUS).forPartners(P).topics("housing").area("NG1").build();
        Partner healthInLeicester = aPartner(P).topics("health").areas("LE1").build();
        Partner other = aPartner("advice-centre").topics("housing").areas("NG1").build();

        assertThat(SharingRule.shares(story, healthInLeicester)).isTrue();
        assertThat(SharingRule.chosenByResident(story, healthInLeicester)).isTrue();
        assertThat(SharingRule.shares(story, other)).as("not ticked, though it matches").isFalse();
    }

    @Test
    void thePartnerThatHelpedTellTheStoryGetsItAsIfTheResidentChoseIt() {
        Partner helper = aPartner(P).topics("health").areas("LE1").build();
        Partner ticked = aPartner("advice-centre").topics("housing").build();
        Partner other = aPartner("council").build();

        Story anyPartner = aStory().helpedBy(P).topics("housing").area("NG1").build();
        Story chosen = aStory().helpedBy(P).forPartners("advice-centre").build();
        Story kept = aStory().helpedBy(P).share(Share.PRIVATE).build();

        assertThat(SharingRule.shares(anyPartner, helper)).as("off topic and area, but it helped").isTrue();
        assertThat(SharingRule.shares(chosen, helper)).as("the resident chose another, the helper still").isTrue();
        assertThat(SharingRule.shares(chosen, ticked)).isTrue();
        assertThat(SharingRule.shares(chosen, other)).isFalse();
        assertThat(SharingRule.chosenByResident(chosen, helper)).as("helped, not chosen by the resident").isFalse();
        assertThat(SharingRule.shares(kept, helper)).as("private stays private, even from the helper").isFalse();
        assertThat(SharingRule.shares(aStory().helpedBy(P).forPartners(P).build(), helper.withEnabled(false)))
                .as("a disabled helper gets nothing").isFalse();
    }

    @Test
    void audienceKeepsTheGivenOrderAndLeavesOutPartnersThatDoNotMatch() {
        Partner transport = aPartner("bus-users").topics("transport").build();
        Partner housing = aPartner("tenants-union").topics("housing").build();
        Partner everything = aPartner("council").build();
        Partner elsewhere = aPartner("nottingham-advice").areas("NG").build();
        Partner disabled = aPartner("closed-charity").enabled(false).build();
        Story story = aStory().topics("housing").area("LE1").build();

        assertThat(SharingRule.audience(story, List.of(transport, everything, disabled, housing, elsewhere)))
                .containsExactly(everything, housing);
    }

    @Test
    void storyNamingPartnersReachesExactlyThoseNamedPartnersEvenOffTopic() {
        Partner named = aPartner("tenants-union").topics("housing").build();
        Partner namedButOffTopic = aPartner("bus-users").topics("transport").build();
        Partner notNamed = aPartner("council").build();
        Story story = aStory().topics("housing").forPartners("bus-users", "tenants-union").build();

        assertThat(SharingRule.audience(story, List.of(notNamed, namedButOffTopic, named)))
                .containsExactly(namedButOffTopic, named);
    }

    @Test
    void privateStoryHasNoAudienceEvenWhenItNamesPartners() {
        Story story = aStory().share(Share.PRIVATE).forPartners(P).build();

        assertThat(SharingRule.audience(story, List.of(aPartner(P).build(), aPartner("council").build()))).isEmpty();
    }

    @Test
    void erasedStoryHasNoAudience() {
        Story story = aStory().share(Share.IDENTIFIED).status(Story.Status.ERASED).build();

        assertThat(SharingRule.audience(story, List.of(aPartner(P).build(), aPartner("council").build()))).isEmpty();
    }

    @Test
    void noPartnersMeansNoAudience() {
        assertThat(SharingRule.audience(aStory().build(), List.of())).isEmpty();
    }

    /** CSV cells hold lists as "a;b"; an empty cell is an empty list. */
    private static String[] list(String cell) {
        return cell == null ? new String[0] : cell.split(";");
    }
}
