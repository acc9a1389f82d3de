package org.tellonce.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.feed.FeedItem;
import org.tellonce.core.language.Language;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Topics;
import org.tellonce.http.HttpResponse;

/**
 * The partner inbox's pages: sign-in, the inbox and its refusals. The markup is in the jte templates
 * ({@code partner*.jte}); story text, contact details, partner names and replies are values there,
 * escaped, never markup.
 */
public final class PartnerPages {
    public static final String NOTICE_REPLY_SENT = "reply-sent";
    /** The same reply form sent again (a double click): nothing sent twice, and the inbox says so. */
    public static final String NOTICE_REPLY_ALREADY_SENT = "reply-already-sent";
    /** The reply form's one-time token: issued with the form, taken by its first submit. */
    public static final String FORM_TOKEN = "formToken";
    private static final int FORM_TOKEN_BYTES = 16;
    public static final String NOTICE_SIGNED_OUT = "signed-out";

    private PartnerPages() {
    }

    /** A story of the inbox with the partner's own replies to it. */
    public record Shown(FeedItem item, List<StoredStory.PartnerResponse> replies) {
    }

    /** What the inbox shows besides the stories: the filter as typed and what to fix. */
    public record InboxView(Map<String, String> query, Map<String, String> errors, Map<String, String> drafts) {
    }

    /** A line of a story's description: what it is, and its value in words. */
    record Term(String term, String value) {
    }

    /** Something told at a time: an earlier story (with its reference) or the partner's reply (without). */
    record Told(String reference, String at, String text) {
    }

    /**
     * A story as the inbox shows it. {@code lang} is null for a language the pages do not speak;
     * {@code error} is what to fix in its reply form, {@code draft} the reply as typed.
     */
    record InboxStory(String id, String reference, List<Term> terms, String lang, String text, List<Told> history,
                      List<Told> replies, String error, String draft, String formToken) {
    }

    /** The inbox page: {@code count} says how many stories match (and how many are shown). */
    record InboxModel(String title, String partnerName, Map<String, String> query, Map<String, String> errors,
                      List<Pages.Option> topics, String count, List<InboxStory> stories) {
    }

    public static HttpResponse signIn(Page page, int status, Optional<String> errorKey, Optional<String> noticeKey) {
        String title = page.t("partner.signIn.title");
        PageOutput out = page.output();
        JtepartnerSignInGenerated.render(out, null, page, errorKey.isPresent() ? page.t("error.titlePrefix", title) : title,
                errorKey.orElse(null), noticeKey.orElse(null));
        return page.respond(status, out);
    }

    public static HttpResponse inbox(Page page, int status, Partner partner, Topics topics, List<Shown> shown, int total,
                                     InboxView view) {
        String topic = view.query().getOrDefault("topic", "");
        List<Pages.Option> topicOptions = topics.all().stream()
                .map(t -> new Pages.Option(t, t, page.text().topic(t), t.equals(topic)))
                .toList();
        String count = page.t(total == 1 ? "partner.inbox.countOne" : "partner.inbox.count", total)
                + (total > shown.size() ? " " + page.t("partner.inbox.showing", shown.size()) : "");
        String title = page.t("partner.inbox.title", partner.name());
        InboxModel inbox = new InboxModel(view.errors().isEmpty() ? title : page.t("error.titlePrefix", title),
                partner.name(), view.query(), view.errors(), topicOptions, count,
                shown.stream().map(s -> story(page, s, view)).toList());
        PageOutput out = page.output();
        JtepartnerInboxGenerated.render(out, null, page, inbox);
        return page.respond(status, out);
    }

    private static InboxStory story(Page page, Shown shown, InboxView view) {
        FeedItem item = shown.item();
        List<Term> terms = new ArrayList<>();
        terms.add(new Term(page.t("partner.story.received"), page.text().dateTime(item.receivedAt())));
        terms.add(new Term(page.t("partner.story.shared"), page.text().dateTime(item.sharedAt())));
        terms.add(new Term(page.t("story.channel"),
                page.t(item.channel() == Channel.SMS ? "story.channel.sms" : "story.channel.web")));
        List<String> topicNames = item.topics().stream().map(page.text()::topic).toList();
        terms.add(new Term(page.t("story.topics"),
                topicNames.isEmpty() ? page.t("partner.story.none") : String.join(", ", topicNames)));
        terms.add(new Term(page.t("story.area"), item.area().orElse(page.t("partner.story.none"))));
        terms.add(new Term(page.t("partner.story.language"), page.text().languageName(item.language())));
        if (item.contact().isPresent()) {
            FeedItem.ContactDetails contact = item.contact().get();
            List<String> lines = new ArrayList<>();
            for (Optional<String> line : List.of(contact.name(), contact.email(), contact.phone())) {
                line.ifPresent(lines::add);
            }
            String given = lines.isEmpty() ? page.t("partner.story.none") : String.join(", ", lines);
            // A contact typed into the form may be anyone's: say so before the partner relies on it.
            terms.add(new Term(page.t("partner.story.contact"), contact.verified() || lines.isEmpty() ? given
                    : page.t("partner.story.unverified", given)));
        } else {
            terms.add(new Term(page.t("partner.story.contact"), page.t("partner.story.anonymous")));
        }
        List<Told> history = item.history().stream()
                .map(e -> new Told(e.reference().value(), page.text().dateTime(e.receivedAt()), e.text()))
                .toList();
        List<Told> replies = shown.replies().stream()
                .map(r -> new Told(null, page.text().dateTime(r.at()), r.text()))
                .toList();
        return new InboxStory(item.storyId(), item.reference().value(), terms, lang(item.language()), item.text(),
                history, replies, view.errors().get("reply-" + item.storyId()),
                view.drafts().getOrDefault(item.storyId(), ""), Hashing.randomToken(FORM_TOKEN_BYTES));
    }

    public static HttpResponse disabled(Page page) {
        return explain(page, 403, "partner.disabled.title", "partner.disabled.body", null);
    }

    public static HttpResponse notFound(Page page) {
        return explain(page, 404, "partner.notFound.title", "partner.notFound.body", "/partner");
    }

    public static HttpResponse problem(Page page, int status, String headingKey, String messageKey) {
        return explain(page, status, headingKey, messageKey, "/partner");
    }

    private static HttpResponse explain(Page page, int status, String headingKey, String messageKey, String backHref) {
        PageOutput out = page.output();
        JteproblemGenerated.render(out, null, page, page.t(headingKey), page.t(messageKey), backHref, "partner.back");
        return page.respond(status, out);
    }

    /** The lang of story text in one of our languages; null (no attribute) for others, left to the page's. */
    private static String lang(String tag) {
        return Language.of(tag).filter(l -> l.tag().equalsIgnoreCase(tag)).map(Language::tag).orElse(null);
    }
}
