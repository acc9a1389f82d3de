package org.tellonce.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.access.AccessHistory;
import org.tellonce.core.intake.StoryRequest;
import org.tellonce.core.intake.Violation;
import org.tellonce.core.language.Language;
import org.tellonce.core.partner.PartnerChoice;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Story;
import org.tellonce.core.story.StoryStatus;
import org.tellonce.core.story.Topics;
import org.tellonce.http.HttpResponse;

/**
 * Server-rendered resident pages: no JavaScript, every word from the message bundles. The markup is
 * in the jte templates ({@code src/main/jte}, compiled to Java with this module); this class puts
 * together what they show, in the page's language.
 */
public final class Pages {
    /** The notice the story page shows after the consent form was saved. */
    public static final String CONSENT_SAVED = "consent-saved";

    /** A checkbox or radio button: its element id, the value it sends, its words and whether it is ticked. */
    record Option(String id, String value, String label, boolean checked) {
    }

    /** The story form: what the resident typed, what to fix (field → words) and the choices offered. */
    record FormView(String title, Map<String, String> errors, String submissionId, StoryRequest input,
                    List<Option> topics, List<Option> shares, List<Option> partners) {
    }

    /** A partner's reply, as the resident reads it. */
    record Reply(String name, String at, String text) {
    }

    /**
     * The story page, in words: {@code topics}, {@code area} and {@code whichPartners} are null when the
     * page leaves them out; {@code shares} and {@code partners} are the consent form's choices.
     */
    record StoryView(String title, Map<String, String> errors, boolean consentSaved, String reference, String text,
                     String received, String channel, String topics, String area, String whoCanSee,
                     String whichPartners, List<String> sharedWith, List<Reply> replies, List<Option> shares,
                     List<Option> partners, List<String> accessLog, Moderated moderated,
                     List<OutcomeView> outcomes, String removals) {
    }

    /** An outcome a partner linked to the story (SPEC section 13): its title, who and when, its words. */
    record OutcomeView(String title, String by, String text) {
    }

    /**
     * What became of the story in plain words (SPEC section 12): its status, and what a moderator did;
     * {@code hint}, {@code reason} and {@code sharedText} are null when there is nothing to say, and
     * {@code support} says where to find help now for a story that raised a safeguarding concern.
     */
    record Moderated(String status, String statusWire, String hint, String reason, String sharedText,
                     String support) {
        static Moderated of(Page page, StoredStory stored) {
            Story story = stored.story();
            StoryStatus status = StoryStatus.of(stored);
            boolean held = status == StoryStatus.AWAITING_REVIEW;
            return new Moderated(page.t(status.key()), status.wire(), held ? page.t("story.status.awaitingHint") : null,
                    StoryStatus.reason(story).map(r -> page.t("story.status.reason", r)).orElse(null),
                    StoryStatus.sharedText(story).orElse(null),
                    held && story.review().flagged() ? page.t("support.signposting") : null);
        }
    }

    private Pages() {
    }

    /**
     * The story form, empty or with the resident's input and what to fix. The page's language goes
     * with the story (hidden field {@code language}), so partners know which language it is in.
     */
    public static HttpResponse form(Page page, int status, Topics topics, List<PartnerChoice> partners,
                                    StoryRequest input, Map<String, Violation> violations, String submissionId) {
        Map<String, String> errors = new LinkedHashMap<>();
        violations.forEach((field, violation) -> errors.put(field, formError(page, violation)));
        List<Option> topicOptions = new ArrayList<>();
        for (String topic : topics.all()) {
            topicOptions.add(new Option(topicOptions.isEmpty() ? "topics" : "topic-" + topicOptions.size(), topic,
                    page.text().topic(topic), input.topics().contains(topic)));
        }
        String share = input.share().isBlank() ? Share.PRIVATE.wire() : input.share();
        List<Option> shares = List.of(
                new Option("consent", Share.PRIVATE.wire(), page.t("consent.option.private"),
                        Share.PRIVATE.wire().equals(share)),
                new Option("consent-anonymous", Share.ANONYMOUS.wire(), page.t("consent.option.anonymous"),
                        Share.ANONYMOUS.wire().equals(share)),
                new Option("consent-identified", Share.IDENTIFIED.wire(), page.t("consent.option.identified"),
                        Share.IDENTIFIED.wire().equals(share)));
        FormView form = new FormView(title(page, errors, page.t("form.title")), errors, submissionId, input,
                topicOptions, shares, partnerOptions(partners, input.partners()));
        PageOutput out = page.output();
        JteformGenerated.render(out, null, page, form);
        return page.respond(status, out);
    }

    /**
     * The resident's story: what they told, who can see it in plain words, who has it, the replies,
     * and forms to change consent or (after a confirmation page) erase it.
     *
     * @param attempted what the consent form sent when it had errors (shown again instead of the saved consent)
     * @param errors    what to fix in the consent form, field by field, in the page's language
     */
    public static HttpResponse story(Page page, int status, StoredStory stored, List<PartnerChoice> partners,
                                     Optional<Consent> attempted, Map<String, String> errors) {
        return story(page, status, stored, partners, attempted, errors, null);
    }

    /**
     * The story page with its access log (SPEC section 11) in plain words, repeated reads grouped;
     * {@code accessLog} null leaves the section out.
     */
    public static HttpResponse story(Page page, int status, StoredStory stored, List<PartnerChoice> partners,
                                     Optional<Consent> attempted, Map<String, String> errors,
                                     List<AccessHistory.Line> accessLog) {
        Story story = stored.story();
        Consent consent = story.consent();
        String reference = story.reference().value();
        String topics = story.topics().isEmpty() ? null
                : String.join(", ", story.topics().stream().map(page.text()::topic).toList());
        String whichPartners = !consent.share().shares() ? null
                : consent.partners().isEmpty() ? page.t("story.anyPartner")
                : String.join(", ", consent.partners().stream().map(id -> nameOf(id, partners, stored)).toList());
        // Narrowed consent takes effect for partners at once; the share pointers follow a moment later,
        // so the list shows only the partners the consent still allows.
        List<String> sharedWith = stored.sharedWith().stream()
                .filter(s -> consent.share().shares())
                .filter(s -> consent.partners().isEmpty() || consent.partners().contains(s.partnerId())
                        || story.helpedBy(s.partnerId()))
                .map(s -> s.name().isEmpty() ? s.partnerId() : s.name())
                .toList();
        List<Reply> replies = stored.responses().stream()
                .map(r -> new Reply(r.name(), page.text().dateTime(r.at()), r.text()))
                .toList();

        Consent shown = attempted.orElse(consent);
        String share = shown.share().wire();
        List<Option> shares = new ArrayList<>();
        shares.add(new Option("share", Share.PRIVATE.wire(), page.t("consent.option.private"),
                Share.PRIVATE.wire().equals(share)));
        shares.add(new Option("share-anonymous", Share.ANONYMOUS.wire(), page.t("consent.option.anonymous"),
                Share.ANONYMOUS.wire().equals(share)));
        if (story.contact().isPresent()) {
            shares.add(new Option("share-identified", Share.IDENTIFIED.wire(), page.t("consent.option.identified"),
                    Share.IDENTIFIED.wire().equals(share)));
        }

        StoryView view = new StoryView(title(page, errors, page.t("story.pageTitle", reference)), errors,
                errors.isEmpty() && page.hasNotice(CONSENT_SAVED), reference, story.text(),
                page.text().dateTime(story.receivedAt()),
                page.t("story.channel." + story.channel().wire()),
                topics, story.area().orElse(null), consentInWords(page, consent.share()), whichPartners,
                sharedWith, replies, shares, partnerOptions(partners, shown.partners()),
                accessLog == null ? null : accessInWords(page, accessLog), Moderated.of(page, stored),
                stored.outcomes().stream().map(o -> new OutcomeView(o.title(),
                        page.t("story.outcomes.line", o.partnerName(), page.text().dateTime(o.at())), o.text())).toList(),
                removals(page, stored.removalCounts()));
        PageOutput out = page.output();
        JtestoryGenerated.render(out, null, page, view);
        return page.respond(status, out);
    }

    /** "Removed by M of N organisations" once any organisation was told to delete its copies (section 14); else null. */
    static String removals(Page page, StoredStory.Removals removals) {
        return removals.notified() == 0 ? null
                : page.t("story.removals", removals.confirmed(), removals.notified());
    }

    /** "Healthwatch read your story (staff member), 3 December 2026 at 14:05", alike lines in a row as one. */
    static List<String> accessInWords(Page page, List<AccessHistory.Line> lines) {
        return AccessHistory.grouped(lines).stream().map(g -> {
            String who = g.organisation().equals(AccessHistory.PARTNERSHIP_NAME)
                    ? page.t("access.organisation.partnership") : g.organisation();
            String what = page.t("access.action." + g.action().wire(), who);
            String kind = page.t("access.kind." + g.kind());
            return g.count() == 1 ? page.t("story.access.line", what, kind, page.text().dateTime(g.newest()))
                    : page.t("story.access.lines", what, kind, g.count(), page.text().dateTime(g.newest()));
        }).toList();
    }

    /** The confirmation step before erasing: says what goes, and that it cannot be undone. */
    public static HttpResponse confirmErase(Page page, Story story) {
        PageOutput out = page.output();
        JteconfirmEraseGenerated.render(out, null, page, story.reference().value());
        return page.respond(200, out);
    }

    /** @param removals an erased story's removal counts (section 14), once the fan-out has told the partners */
    public static HttpResponse erased(Page page, Optional<StoredStory.Removals> removals) {
        PageOutput out = page.output();
        JteerasedGenerated.render(out, null, page, removals.map(r -> removals(page, r)).orElse(null));
        return page.respond(200, out);
    }

    public static HttpResponse duplicate(Page page, String reference) {
        PageOutput out = page.output();
        JteduplicateGenerated.render(out, null, page, reference);
        return page.respond(200, out);
    }

    public static HttpResponse notFound(Page page) {
        return explain(page, 404, "notFound.title", "notFound.body", "notFound.link");
    }

    /** A page that only explains a problem; {@code headingKey} and {@code messageKey} name bundle texts. */
    public static HttpResponse problem(Page page, int status, String headingKey, String messageKey) {
        return explain(page, status, headingKey, messageKey, "problem.back");
    }

    private static HttpResponse explain(Page page, int status, String headingKey, String messageKey, String backKey) {
        PageOutput out = page.output();
        JteproblemGenerated.render(out, null, page, page.t(headingKey), page.t(messageKey), "/", backKey);
        return page.respond(status, out);
    }

    static String consentInWords(Page page, Share share) {
        return switch (share) {
            case PRIVATE -> page.t("consent.words.private");
            case ANONYMOUS -> page.t("consent.words.anonymous");
            case IDENTIFIED -> page.t("consent.words.identified");
        };
    }

    /**
     * The page for answering the story form's POST: in the language the form was filled in (its hidden
     * field), with the language switcher leading back to the form.
     */
    public static Page formPage(Page page, StoryRequest input) {
        return Language.of(input.language()).map(page::in).orElse(page).switchingAt("/");
    }

    /** The violation in the page's language; which rule failed comes with it, nothing is re-checked here. */
    static String formError(Page page, Violation violation) {
        return page.t(ViolationWords.key(violation.rule()), ViolationWords.arguments(violation));
    }

    /** Where the error summary's link for a field leads: the field's first control. */
    static String anchor(String field) {
        return switch (field) {
            case "story", "topics", "area", "name", "contact", "consent", "partners", "share", "code", "confirm", "email", "language",
                 "role", "consentGiven" -> field;
            default -> "story";
        };
    }

    /** A text field's {@code aria-describedby}: its hint and its error, whichever it shows; null for neither. */
    static String describedBy(String field, boolean hint, boolean error) {
        if (!hint && !error) {
            return null;
        }
        return hint && error ? field + "-hint " + field + "-error" : field + (hint ? "-hint" : "-error");
    }

    private static List<Option> partnerOptions(List<PartnerChoice> partners, List<String> ticked) {
        List<Option> options = new ArrayList<>();
        for (PartnerChoice partner : partners) {
            options.add(new Option(options.isEmpty() ? "partners" : "partner-" + options.size(), partner.id(),
                    partner.name(), ticked.contains(partner.id())));
        }
        return options;
    }

    private static String nameOf(String partnerId, List<PartnerChoice> partners, StoredStory stored) {
        return partners.stream().filter(p -> p.id().equals(partnerId)).map(PartnerChoice::name).findFirst()
                .or(() -> stored.sharedWith().stream().filter(s -> s.partnerId().equals(partnerId))
                        .map(StoredStory.SharedWith::name).filter(n -> !n.isEmpty()).findFirst())
                .orElse(partnerId);
    }

    private static String title(Page page, Map<String, String> errors, String title) {
        return errors.isEmpty() ? title : page.t("error.titlePrefix", title);
    }
}
