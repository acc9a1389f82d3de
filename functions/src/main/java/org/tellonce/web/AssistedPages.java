package org.tellonce.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tellonce.core.intake.StoryRequest;
import org.tellonce.core.intake.Violation;
import org.tellonce.core.language.Language;
import org.tellonce.core.partner.PartnerChoice;
import org.tellonce.core.story.Assisted;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Topics;
import org.tellonce.http.HttpResponse;

/**
 * {@code GET /partner/assisted}: the form a partner's staff member fills in with a resident telling a
 * story in person or on the phone (SPEC section 15), and the reference to give them once it is stored.
 */
public final class AssistedPages {
    private AssistedPages() {
    }

    /**
     * The form in words. @param recorded the reference just stored, to give the resident (null: none)
     */
    public record View(Map<String, String> errors, String submissionId, StoryRequest input, String consentGiven,
                       List<Pages.Option> topics, List<Pages.Option> languages, List<Pages.Option> shares,
                       List<Pages.Option> partners, List<Pages.Option> consents, String recorded,
                       String partnerName) {
    }

    /**
     * @param violations   what to fix, field by field (consentGiven among them)
     * @param consentGiven what the form sent for how consent was given
     * @param recorded     the reference just stored (the confirmation above an empty form), or null
     */
    public static HttpResponse form(Page page, int status, String partnerName, Topics topics,
                                    List<PartnerChoice> partners, StoryRequest input, String consentGiven,
                                    Map<String, Violation> violations, Map<String, String> otherErrors,
                                    String submissionId, String recorded) {
        Map<String, String> errors = new LinkedHashMap<>();
        violations.forEach((field, violation) -> errors.put(field, Pages.formError(page, violation)));
        errors.putAll(otherErrors);
        List<Pages.Option> topicOptions = new ArrayList<>();
        for (String topic : topics.all()) {
            topicOptions.add(new Pages.Option(topicOptions.isEmpty() ? "topics" : "topic-" + topicOptions.size(),
                    topic, page.text().topic(topic), input.topics().contains(topic)));
        }
        String language = Language.of(input.language()).orElse(page.language()).tag();
        List<Pages.Option> languages = new ArrayList<>();
        for (Language l : Language.values()) {
            languages.add(new Pages.Option(languages.isEmpty() ? "language" : "language-" + l.tag(), l.tag(),
                    l.ownName(), l.tag().equals(language)));
        }
        String share = input.share().isBlank() ? Share.PRIVATE.wire() : input.share();
        List<Pages.Option> shares = new ArrayList<>();
        for (Share s : List.of(Share.PRIVATE, Share.ANONYMOUS, Share.IDENTIFIED)) {
            shares.add(new Pages.Option(shares.isEmpty() ? "consent" : "consent-" + s.wire(), s.wire(),
                    page.t("assisted.share." + s.wire()), s.wire().equals(share)));
        }
        List<Pages.Option> partnerOptions = new ArrayList<>();
        for (PartnerChoice partner : partners) {
            partnerOptions.add(new Pages.Option(partnerOptions.isEmpty() ? "partners" : "partner-" + partnerOptions.size(),
                    partner.id(), partner.name(), input.partners().contains(partner.id())));
        }
        List<Pages.Option> consents = new ArrayList<>();
        for (Assisted.ConsentGiven given : Assisted.ConsentGiven.values()) {
            consents.add(new Pages.Option(consents.isEmpty() ? "consentGiven" : "consentGiven-" + given.wire(),
                    given.wire(), page.t("assisted.consentGiven." + given.wire()), given.wire().equals(consentGiven)));
        }
        String title = page.t("assisted.title");
        PageOutput out = page.output();
        JteassistedGenerated.render(out, null, page, errors.isEmpty() ? title : page.t("error.titlePrefix", title),
                new View(errors, submissionId, input, consentGiven, topicOptions, languages, shares, partnerOptions,
                        consents, recorded, partnerName));
        return page.respond(status, out);
    }
}
