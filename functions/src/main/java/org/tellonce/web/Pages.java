package org.tellonce.web;

import org.tellonce.core.language.Language;
import org.tellonce.core.partner.PartnerChoice;
import org.tellonce.core.story.StoredStory;
import static org.tellonce.http.Html.escape;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.story.Topics;
import org.tellonce.http.HttpResponse;
import org.tellonce.core.intake.Limits;
import org.tellonce.core.intake.StoryRequest;
import org.tellonce.core.intake.Violation;
import org.tellonce.core.story.Consent;
import org.tellonce.core.story.Share;
import org.tellonce.core.story.Story;

/**
 * Server-rendered resident pages: no JavaScript, every word from the message bundles, every piece
 * of user text escaped.
 */
public final class Pages {
    /** The notice the story page shows after the consent form was saved. */
    public static final String CONSENT_SAVED = "consent-saved";

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
        StringBuilder b = new StringBuilder();
        errorSummary(page, b, errors, errors::get);
        b.append("<h1>").append(page.h("form.title")).append("</h1>")
                .append("<p>").append(page.h("form.intro")).append("</p>")
                .append("<form method=\"post\" action=\"/stories\" novalidate accept-charset=\"utf-8\">")
                .append("<input type=\"hidden\" name=\"submission\" value=\"").append(escape(submissionId)).append("\">")
                .append("<input type=\"hidden\" name=\"language\" value=\"").append(page.language().tag()).append("\">");

        String storyError = errors.get("story");
        b.append(fieldStart("story", errors)).append("<label for=\"story\">").append(page.h("form.story.label"))
                .append("</label>")
                .append("<p class=\"hint\" id=\"story-hint\">")
                .append(page.h("form.story.hint", Limits.STORY_MIN, Limits.STORY_MAX)).append("</p>")
                .append(errorLine(page, "story", storyError))
                .append("<textarea id=\"story\" name=\"story\" rows=\"8\" dir=\"auto\" aria-describedby=\"story-hint")
                .append(storyError != null ? " story-error" : "").append("\"")
                .append(storyError != null ? " aria-invalid=\"true\"" : "").append(">")
                .append(escape(input.story())).append("</textarea></div>");

        b.append(fieldsetStart("topics", errors)).append("<legend>").append(page.h("form.topics.legend")).append("</legend>")
                .append("<p class=\"hint\" id=\"topics-hint\">").append(page.h("form.topics.hint")).append("</p>")
                .append(errorLine(page, "topics", errors.get("topics")));
        int i = 0;
        for (String topic : topics.all()) {
            String id = i == 0 ? "topics" : "topic-" + i;
            b.append(checkbox("topics", id, topic, page.text().topic(topic), input.topics().contains(topic)));
            i++;
        }
        b.append("</fieldset>");

        b.append(textField(page, "area", page.t("form.area.label"), page.t("form.area.hint"), input.area(), errors,
                "address-level2"));
        b.append(textField(page, "name", page.t("form.name.label"), null, input.name(), errors, "name"));
        b.append(textField(page, "contact", page.t("form.contact.label"), page.t("form.contact.hint"),
                input.contact(), errors, "email"));

        String share = input.share().isBlank() ? Share.PRIVATE.wire() : input.share();
        b.append(fieldsetStart("consent", errors)).append("<legend>").append(page.h("consent.legend")).append("</legend>")
                .append("<p class=\"hint\" id=\"consent-hint\">").append(page.h("form.consent.hint")).append("</p>")
                .append(errorLine(page, "consent", errors.get("consent")));
        b.append(radio("consent", "consent", Share.PRIVATE.wire(), share, page.t("consent.option.private")));
        b.append(radio("consent", "consent-anonymous", Share.ANONYMOUS.wire(), share, page.t("consent.option.anonymous")));
        b.append(radio("consent", "consent-identified", Share.IDENTIFIED.wire(), share,
                page.t("consent.option.identified")));
        b.append("</fieldset>");

        if (!partners.isEmpty()) {
            b.append(fieldsetStart("partners", errors)).append("<legend>").append(page.h("consent.partners.legend"))
                    .append("</legend><p class=\"hint\" id=\"partners-hint\">").append(page.h("consent.partners.hint"))
                    .append("</p>").append(errorLine(page, "partners", errors.get("partners")));
            int p = 0;
            for (PartnerChoice partner : partners) {
                String id = p == 0 ? "partners" : "partner-" + p;
                b.append(checkbox("partners", id, partner.id(), partner.name(), input.partners().contains(partner.id())));
                p++;
            }
            b.append("</fieldset>");
        }

        // Honeypot: people never see or reach it; bots fill it in.
        b.append("<div class=\"visually-hidden\" aria-hidden=\"true\"><label for=\"website\">")
                .append(page.h("form.honeypot")).append("</label>")
                .append("<input type=\"text\" id=\"website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></div>");
        b.append("<button type=\"submit\">").append(page.h("form.submit")).append("</button></form>");
        return page.html(status, title(page, errors, page.t("form.title")), b.toString());
    }

    /**
     * The resident's story: what they told, who can see it in plain words, who has it, the replies,
     * and forms to change consent or (after a confirmation page) erase it.
     *
     * @param partners the partners this story could go to, for the consent form
     * @param attempted the consent the resident just tried to save, shown again with {@code errors}
     */
    public static HttpResponse story(Page page, int status, StoredStory stored, List<PartnerChoice> partners,
                                     Optional<Consent> attempted, Map<String, String> errors) {
        Story story = stored.story();
        String reference = story.reference().value();
        StringBuilder b = new StringBuilder();
        errorSummary(page, b, errors, errors::get);
        if (errors.isEmpty() && page.hasNotice(CONSENT_SAVED)) {
            b.append("<div class=\"notice\" role=\"status\" id=\"notice\"><p>").append(page.h("story.consentSaved"))
                    .append("</p></div>");
        }
        b.append("<div class=\"panel\"><h1>").append(page.h("story.title")).append("</h1><p>")
                .append(page.h("story.referenceLabel")).append("</p><p class=\"ref\" id=\"reference\">")
                .append(escape(reference)).append("</p></div>");
        b.append("<p>").append(page.h("story.keep")).append("</p>");
        b.append("<h2>").append(page.h("story.yourStory")).append("</h2><p class=\"story-text\" dir=\"auto\" id=\"story-text\">")
                .append(escape(story.text())).append("</p>");
        b.append("<dl><dt>").append(page.h("story.received")).append("</dt><dd>")
                .append(escape(page.text().dateTime(story.receivedAt()))).append("</dd>");
        b.append("<dt>").append(page.h("story.channel")).append("</dt><dd>")
                .append(page.h(story.channel().wire().equals("sms") ? "story.channel.sms" : "story.channel.web"))
                .append("</dd>");
        if (!story.topics().isEmpty()) {
            b.append("<dt>").append(page.h("story.topics")).append("</dt><dd>").append(escape(String.join(", ",
                    story.topics().stream().map(page.text()::topic).toList()))).append("</dd>");
        }
        story.area().ifPresent(a -> b.append("<dt>").append(page.h("story.area")).append("</dt><dd>")
                .append(escape(a)).append("</dd>"));
        b.append("<dt>").append(page.h("story.whoCanSee")).append("</dt><dd id=\"consent\">")
                .append(escape(consentInWords(page, story.consent().share()))).append("</dd>");
        if (story.consent().share().shares()) {
            b.append("<dt>").append(page.h("story.whichPartners")).append("</dt><dd id=\"consent-partners\">")
                    .append(escape(story.consent().partners().isEmpty() ? page.t("story.anyPartner")
                            : String.join(", ", story.consent().partners().stream()
                            .map(id -> nameOf(id, partners, stored)).toList())))
                    .append("</dd>");
        }
        b.append("</dl>");

        // Narrowed consent takes effect for partners at once; the share pointers follow a moment later,
        // so the list shows only the partners the consent still allows.
        List<StoredStory.SharedWith> sharedWith = stored.sharedWith().stream()
                .filter(s -> story.consent().share().shares())
                .filter(s -> story.consent().partners().isEmpty() || story.consent().partners().contains(s.partnerId()))
                .toList();
        b.append("<h2>").append(page.h("story.sharedWith")).append("</h2>");
        if (sharedWith.isEmpty()) {
            b.append("<p id=\"shared-with\">").append(page.h("story.sharedWithNobody")).append("</p>");
        } else {
            b.append("<ul id=\"shared-with\">");
            sharedWith.forEach(s -> b.append("<li>").append(escape(s.name().isEmpty() ? s.partnerId() : s.name()))
                    .append("</li>"));
            b.append("</ul>");
        }
        b.append("<h2>").append(page.h("story.replies")).append("</h2>");
        if (stored.responses().isEmpty()) {
            b.append("<p id=\"responses\">").append(page.h("story.noReplies")).append("</p>");
        } else {
            b.append("<ul class=\"plain\" id=\"responses\">");
            stored.responses().forEach(r -> b.append("<li><strong>").append(escape(r.name())).append("</strong> (")
                    .append(escape(page.text().dateTime(r.at()))).append(")<p class=\"story-text\" dir=\"auto\">")
                    .append(escape(r.text())).append("</p></li>"));
            b.append("</ul>");
        }

        consentForm(page, b, stored, partners, attempted.orElse(story.consent()), errors);

        b.append("<h2 id=\"erase-heading\">").append(page.h("story.erase.heading")).append("</h2>")
                .append("<p>").append(page.h("story.erase.intro")).append("</p>")
                .append("<p><a id=\"erase\" href=\"/stories/").append(escape(reference)).append("/erase\">")
                .append(page.h("story.erase.link")).append("</a></p>");
        return page.html(status, title(page, errors, page.t("story.pageTitle", reference)), b.toString());
    }

    private static void consentForm(Page page, StringBuilder b, StoredStory stored, List<PartnerChoice> partners,
                                    Consent shown, Map<String, String> errors) {
        Story story = stored.story();
        String share = shown.share().wire();
        b.append("<h2 id=\"change-consent\">").append(page.h("story.change.heading")).append("</h2>")
                .append("<form method=\"post\" action=\"/stories/").append(escape(story.reference().value()))
                .append("/consent\" novalidate accept-charset=\"utf-8\">");
        b.append(fieldsetStart("share", errors)).append("<legend>").append(page.h("consent.legend")).append("</legend>")
                .append("<p class=\"hint\" id=\"share-hint\">").append(page.h("story.change.hint")).append("</p>")
                .append(errorLine(page, "share", errors.get("share")));
        b.append(radio("consent", "share", Share.PRIVATE.wire(), share, page.t("consent.option.private")));
        b.append(radio("consent", "share-anonymous", Share.ANONYMOUS.wire(), share, page.t("consent.option.anonymous")));
        if (story.contact().isPresent()) {
            b.append(radio("consent", "share-identified", Share.IDENTIFIED.wire(), share,
                    page.t("consent.option.identified")));
        }
        b.append("</fieldset>");
        if (!partners.isEmpty()) {
            b.append(fieldsetStart("partners", errors)).append("<legend>").append(page.h("consent.partners.legend"))
                    .append("</legend><p class=\"hint\" id=\"partners-hint\">").append(page.h("consent.partners.hint"))
                    .append("</p>").append(errorLine(page, "partners", errors.get("partners")));
            int p = 0;
            for (PartnerChoice partner : partners) {
                String id = p == 0 ? "partners" : "partner-" + p;
                b.append(checkbox("partners", id, partner.id(), partner.name(), shown.partners().contains(partner.id())));
                p++;
            }
            b.append("</fieldset>");
        }
        b.append("<button type=\"submit\">").append(page.h("story.change.submit")).append("</button></form>");
    }

    /** The confirmation step before erasing: says what goes, and that it cannot be undone. */
    public static HttpResponse confirmErase(Page page, Story story) {
        String reference = story.reference().value();
        String body = "<h1>" + page.h("erase.title") + "</h1>"
                + "<p>" + page.h("erase.intro", reference) + "</p><ul>"
                + "<li>" + page.h("erase.point.text") + "</li>"
                + "<li>" + page.h("erase.point.partners") + "</li>"
                + "<li>" + page.h("erase.point.replies") + "</li></ul>"
                + "<p class=\"warning-text\">" + page.h("erase.warning") + "</p>"
                + "<form method=\"post\" action=\"/stories/" + escape(reference) + "/erase\" accept-charset=\"utf-8\">"
                + "<div class=\"actions\"><button type=\"submit\" class=\"warning\">" + page.h("erase.confirm")
                + "</button><a href=\"/stories/" + escape(reference) + "\">" + page.h("erase.cancel") + "</a></div></form>";
        return page.html(200, page.t("erase.title"), body);
    }

    public static HttpResponse erased(Page page) {
        String body = "<h1>" + page.h("erased.title") + "</h1>"
                + "<p>" + page.h("erased.body") + "</p>"
                + "<p>" + page.h("erased.kept") + "</p>"
                + "<p><a href=\"/\">" + page.h("erased.again") + "</a></p>";
        return page.html(200, page.t("erased.title"), body);
    }

    public static HttpResponse duplicate(Page page, String reference) {
        String body = "<h1>" + page.h("duplicate.title") + "</h1><p>"
                + page.h("duplicate.body", "\u0000").replace("\u0000",
                "<strong id=\"reference\">" + escape(reference) + "</strong>")
                + "</p><p>" + page.h("duplicate.find") + "</p><p><a href=\"/\">" + page.h("duplicate.other") + "</a></p>";
        return page.html(200, page.t("duplicate.title"), body);
    }

    public static HttpResponse notFound(Page page) {
        String body = "<h1>" + page.h("notFound.title") + "</h1><p>" + page.h("notFound.body") + "</p>"
                + "<p><a href=\"/\">" + page.h("notFound.link") + "</a></p>";
        return page.html(404, page.t("notFound.title"), body);
    }

    /** A page that only explains a problem; {@code headingKey} and {@code messageKey} name bundle texts. */
    public static HttpResponse problem(Page page, int status, String headingKey, String messageKey) {
        String body = "<h1>" + page.h(headingKey) + "</h1><p>" + page.h(messageKey) + "</p>"
                + "<p><a href=\"/\">" + page.h("problem.back") + "</a></p>";
        return page.html(status, page.t(headingKey), body);
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

    private static String nameOf(String partnerId, List<PartnerChoice> partners, StoredStory stored) {
        return partners.stream().filter(p -> p.id().equals(partnerId)).map(PartnerChoice::name).findFirst()
                .or(() -> stored.sharedWith().stream().filter(s -> s.partnerId().equals(partnerId))
                        .map(StoredStory.SharedWith::name).filter(n -> !n.isEmpty()).findFirst())
                .orElse(partnerId);
    }

    private static String title(Page page, Map<String, String> errors, String title) {
        return errors.isEmpty() ? title : page.t("error.titlePrefix", title);
    }

    private static void errorSummary(Page page, StringBuilder b, Map<String, String> errors,
                                     java.util.function.Function<String, String> message) {
        if (errors.isEmpty()) {
            return;
        }
        b.append("<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus aria-labelledby=\"error-summary-title\">")
                .append("<h2 id=\"error-summary-title\">").append(page.h("error.summary")).append("</h2><ul>");
        errors.keySet().forEach(field -> b.append("<li><a href=\"#").append(anchor(field)).append("\">")
                .append(escape(message.apply(field))).append("</a></li>"));
        b.append("</ul></div>");
    }

    /** The violation in the page's language; which rule failed comes with it, nothing is re-checked here. */
    static String formError(Page page, Violation violation) {
        return page.t(ViolationWords.key(violation.rule()), ViolationWords.arguments(violation));
    }

    private static String anchor(String field) {
        return switch (field) {
            case "story", "topics", "area", "name", "contact", "consent", "partners", "share" -> field;
            default -> "story";
        };
    }

    private static String fieldStart(String field, Map<String, String> errors) {
        return errors.containsKey(field) ? "<div class=\"field field-error\">" : "<div class=\"field\">";
    }

    private static String fieldsetStart(String field, Map<String, String> errors) {
        return "<fieldset" + (errors.containsKey(field) ? " class=\"field-error\"" : "") + " aria-describedby=\""
                + field + "-hint" + (errors.containsKey(field) ? " " + field + "-error" : "") + "\">";
    }

    private static String errorLine(Page page, String field, String message) {
        return message == null ? "" : "<p class=\"error-message\" id=\"" + field + "-error\"><span class=\"visually-hidden\">"
                + page.h("error.prefix") + "</span> " + escape(message) + "</p>";
    }

    private static String textField(Page page, String field, String label, String hint, String value,
                                    Map<String, String> errors, String autocomplete) {
        String message = errors.get(field);
        StringBuilder b = new StringBuilder(fieldStart(field, errors));
        b.append("<label for=\"").append(field).append("\">").append(escape(label)).append("</label>");
        String describedBy = "";
        if (hint != null) {
            b.append("<p class=\"hint\" id=\"").append(field).append("-hint\">").append(escape(hint)).append("</p>");
            describedBy = field + "-hint";
        }
        b.append(errorLine(page, field, message));
        if (message != null) {
            describedBy = (describedBy + " " + field + "-error").trim();
        }
        b.append("<input type=\"text\" id=\"").append(field).append("\" name=\"").append(field)
                .append("\" value=\"").append(escape(value)).append("\" autocomplete=\"").append(autocomplete).append("\"");
        if (!describedBy.isEmpty()) {
            b.append(" aria-describedby=\"").append(describedBy).append("\"");
        }
        if (message != null) {
            b.append(" aria-invalid=\"true\"");
        }
        return b.append("></div>").toString();
    }

    private static String checkbox(String name, String id, String value, String label, boolean checked) {
        return "<div class=\"option\"><input type=\"checkbox\" id=\"" + id + "\" name=\"" + name + "\" value=\""
                + escape(value) + "\"" + (checked ? " checked" : "") + "><label for=\"" + id + "\">" + escape(label)
                + "</label></div>";
    }

    private static String radio(String name, String id, String value, String current, String label) {
        return "<div class=\"option\"><input type=\"radio\" id=\"" + id + "\" name=\"" + name + "\" value=\"" + value
                + "\"" + (value.equals(current) ? " checked" : "") + "><label for=\"" + id + "\">" + escape(label)
                + "</label></div>";
    }
}
