package org.tellonce.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.feed.FeedItem;
import org.tellonce.core.feed.Handling;
import org.tellonce.core.feed.Lead;
import org.tellonce.core.feed.Work;
import org.tellonce.core.language.Language;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Topics;
import org.tellonce.http.HttpResponse;

/**
 * The partner inbox's pages: the inbox, one story, and their refusals. The markup is in the jte templates
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

    /** After a handling or assignee change from the story page: back to it, saying so. */
    public static final String NOTICE_WORK_SAVED = "work-saved";

    private PartnerPages() {
    }

    /** A line of a story's description: what it is, and its value in words. */
    record Term(String term, String value) {
    }

    /** Something told at a time: an earlier story (with its reference) or the partner's reply (without). */
    record Told(String reference, String at, String text) {
    }

    /** A story in the inbox's list: what it is, its text, and the link to its own page. */
    record Row(String id, String reference, List<Term> terms, String lang, String text, boolean overdue) {
    }

    /**
     * The inbox page. {@code count}: how many stories this page shows; {@code previous}/{@code next}: links
     * to newer and older stories (null at either end), {@code previousLabel}/{@code nextLabel} their words;
     * {@code searchedOut}: what to say when the page stopped reading before it was full (null otherwise).
     */
    record InboxModel(String title, String partnerName, String memberName, Map<String, String> query,
                      Map<String, String> errors, List<Pages.Option> topics, List<Pages.Option> handlings,
                      String count, List<Row> stories, String previous, String previousLabel, String next,
                      String nextLabel, String exportHref, String searchedOut, OutcomeModel outcome) {
    }

    /**
     * What the inbox shows besides the stories: the filter as typed, what to fix, the page's links (the
     * cursors of newer and older stories) and whether it stopped reading before it was full, and which way.
     */
    public record InboxView(Map<String, String> query, Map<String, String> errors, Optional<String> newer,
                            Optional<String> older, boolean searchedOutOlder, boolean searchedOutNewer,
                            OutcomeForm outcome) {
        /** A page as {@link Inbox#page} found it. */
        public InboxView(Map<String, String> query, Map<String, String> errors, Inbox.Listing listing,
                         OutcomeForm outcome) {
            this(query, errors, listing.newer(), listing.older(), listing.searchedOutOlder(),
                    listing.searchedOutNewer(), outcome);
        }
    }

    /** After an outcome was recorded from the inbox (SPEC section 13): back to the list, saying so. */
    public static final String NOTICE_OUTCOME_RECORDED = "outcome-recorded";
    public static final String NOTICE_OUTCOME_ALREADY = "outcome-already-recorded";

    /**
     * The inbox's "Record an outcome" form: {@code offered} only to roles that may; {@code errors} field →
     * words (fields {@code outcome-title}, {@code outcome-text}, {@code outcome-stories}); the input kept.
     */
    public record OutcomeForm(boolean offered, Map<String, String> errors, String title, String text,
                              java.util.Set<String> ticked) {
        public static final OutcomeForm NONE = new OutcomeForm(false, Map.of(), "", "", java.util.Set.of());

        public static OutcomeForm offered(boolean may) {
            return new OutcomeForm(may, Map.of(), "", "", java.util.Set.of());
        }
    }

    /** The outcome form as the template draws it; {@code action} keeps the filter, {@code formToken} is one-time. */
    record OutcomeModel(boolean offered, Map<String, String> errors, String title, String text,
                        java.util.Set<String> ticked, String action, String formToken, String notice) {
    }

    /**
     * One story's page: the story, the partner's replies, and the forms the person's role allows
     * ({@code replyForm}, {@code workForms}); {@code error}/{@code draft}: a reply sent back to fix.
     */
    record StoryModel(String title, String id, String reference, List<Term> terms, String lang, String text,
                      List<Told> history, List<Told> replies, List<Pages.Option> handlings, String assignee,
                      String myEmail, boolean replyForm, boolean workForms, Map<String, String> errors,
                      String draft, String formToken, String lead, String leadAction, boolean overdue) {
    }

    /** The lead form's action: claim when nobody leads, release when the person's own partner does. */
    public static final String LEAD_CLAIM = "claim";
    public static final String LEAD_RELEASE = "release";
    public static final String NOTICE_LEAD_CLAIMED = "lead-claimed";
    public static final String NOTICE_LEAD_RELEASED = "lead-released";

    /** What the story page shows of the person and their rights. */
    public record StoryView(String memberName, String myEmail, boolean mayReply, boolean mayWork,
                            Map<String, String> errors, String draft, String partnerId, boolean mayLead) {
        /** No lead form. */
        public StoryView(String memberName, String myEmail, boolean mayReply, boolean mayWork,
                         Map<String, String> errors, String draft) {
            this(memberName, myEmail, mayReply, mayWork, errors, draft, "", false);
        }
    }

    public static HttpResponse inbox(Page page, int status, Partner partner, String memberName, Topics topics,
                                     List<FeedItem> shown, InboxView view) {
        Map<String, String> query = view.query();
        String topic = query.getOrDefault("topic", "");
        List<Pages.Option> topicOptions = topics.all().stream()
                .map(t -> new Pages.Option(t, t, page.text().topic(t), t.equals(topic)))
                .toList();
        String handling = query.getOrDefault("handling", "");
        List<Pages.Option> handlingOptions = java.util.Arrays.stream(Handling.values())
                .map(h -> new Pages.Option(h.wire(), h.wire(), page.t("partner.handling." + h.wire()),
                        h.wire().equals(handling)))
                .toList();
        int shownCount = shown.size();
        String count = page.t(shownCount == 1 ? "partner.inbox.countOne" : "partner.inbox.count", shownCount);
        String previous = view.newer().map(c -> Inbox.pageHref(query, Inbox.AFTER, c)).orElse(null);
        String next = view.older().map(c -> Inbox.pageHref(query, Inbox.BEFORE, c)).orElse(null);
        String previousLabel = page.t(view.searchedOutNewer() ? "partner.inbox.searchNewer" : "partner.inbox.previous");
        String nextLabel = page.t(view.searchedOutOlder() ? "partner.inbox.searchOlder" : "partner.inbox.next");
        String searchedOut = view.searchedOutOlder() || view.searchedOutNewer()
                ? page.t(view.searchedOutOlder() ? "partner.inbox.searchedOutOlder" : "partner.inbox.searchedOutNewer",
                        Inbox.READ_MAX)
                : null;
        String filters = Inbox.pageHref(query);
        String exportHref = "/partner/export.csv" + filters.substring("/partner".length());
        String title = page.t("partner.inbox.title", partner.name());
        Map<String, String> errors = new java.util.LinkedHashMap<>(view.errors());
        errors.putAll(view.outcome().errors());
        OutcomeForm form = view.outcome();
        String notice = page.hasNotice(NOTICE_OUTCOME_RECORDED) ? page.t("partner.outcome.recorded")
                : page.hasNotice(NOTICE_OUTCOME_ALREADY) ? page.t("partner.outcome.already") : null;
        OutcomeModel outcome = new OutcomeModel(form.offered() && !shown.isEmpty(), form.errors(), form.title(),
                form.text(), form.ticked(),
                Inbox.sameHref("/partner/outcomes", query),
                Hashing.randomToken(FORM_TOKEN_BYTES), notice);
        InboxModel inbox = new InboxModel(errors.isEmpty() ? title : page.t("error.titlePrefix", title),
                partner.name(), memberName, query, errors, topicOptions, handlingOptions, count,
                shown.stream().map(item -> row(page, item)).toList(), previous, previousLabel, next, nextLabel,
                exportHref, searchedOut, outcome);
        PageOutput out = page.output();
        JtepartnerInboxGenerated.render(out, null, page, inbox);
        return page.respond(status, out);
    }

    private static Row row(Page page, FeedItem item) {
        List<Term> terms = new ArrayList<>();
        terms.add(new Term(page.t("partner.story.received"), page.text().dateTime(item.receivedAt())));
        List<String> topicNames = item.topics().stream().map(page.text()::topic).toList();
        terms.add(new Term(page.t("story.topics"),
                topicNames.isEmpty() ? page.t("partner.story.none") : String.join(", ", topicNames)));
        terms.add(new Term(page.t("story.area"), item.area().orElse(page.t("partner.story.none"))));
        terms.add(new Term(page.t("partner.work.handling"), page.t("partner.handling." + item.work().handling().wire())));
        terms.add(new Term(page.t("partner.work.assignee"), item.work().assignee().map(Work.Assignee::name)
                .orElse(page.t("partner.work.nobody"))));
        terms.add(new Term(page.t("partner.work.answered"),
                page.t(item.work().answered() ? "partner.work.answeredYes" : "partner.work.answeredNo")));
        terms.add(new Term(page.t("partner.work.lead"), item.lead().map(Lead::name)
                .orElse(page.t("partner.work.noLead"))));
        return new Row(item.storyId(), item.reference().value(), terms, lang(item.language()), item.text(),
                item.overdue());
    }

    public static HttpResponse story(Page page, int status, FeedItem item, List<StoredStory.PartnerResponse> replies,
                                     StoryView view) {
        List<Term> terms = new ArrayList<>();
        terms.add(new Term(page.t("partner.story.received"), page.text().dateTime(item.receivedAt())));
        terms.add(new Term(page.t("partner.story.shared"), page.text().dateTime(item.sharedAt())));
        terms.add(new Term(page.t("story.channel"),
                page.t("story.channel." + item.channel().wire())));
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
        List<Told> told = replies.stream().map(r -> new Told(null, page.text().dateTime(r.at()), r.text())).toList();
        List<Pages.Option> handlings = java.util.Arrays.stream(Handling.values())
                .map(h -> new Pages.Option("handling-" + h.wire(), h.wire(), page.t("partner.handling." + h.wire()),
                        h == item.work().handling()))
                .toList();
        String title = page.t("partner.story.title", item.reference().value());
        StoryModel model = new StoryModel(view.errors().isEmpty() ? title : page.t("error.titlePrefix", title),
                item.storyId(), item.reference().value(), terms, lang(item.language()), item.text(), history, told,
                handlings, item.work().assignee().map(Work.Assignee::name).orElse(null), view.myEmail(),
                view.mayReply(), view.mayWork(), view.errors(), view.draft(), Hashing.randomToken(FORM_TOKEN_BYTES),
                item.lead().map(Lead::name).orElse(null), leadAction(item, view), item.overdue());
        PageOutput out = page.output();
        JtepartnerStoryGenerated.render(out, null, page, model);
        return page.respond(status, out);
    }

    /** Which lead form the person gets: none without the right, or while another partner leads. */
    private static String leadAction(FeedItem item, StoryView view) {
        if (!view.mayLead()) {
            return null;
        }
        if (item.lead().isEmpty()) {
            return LEAD_CLAIM;
        }
        return item.lead().get().partnerId().equals(view.partnerId()) ? LEAD_RELEASE : null;
    }

    /** Nobody signed in: where staff sign in (the inbox opens with a staff session, never an API key). */
    public static HttpResponse signIn(Page page, int status) {
        return explain(page, status, "partner.signIn.title", "partner.signIn.body", "/staff/sign-in",
                "partner.signIn.link");
    }

    /** A partnership-wide role (moderator, safeguarding, ...): the inbox is a partner's. */
    public static HttpResponse notAPartner(Page page) {
        return explain(page, 403, "partner.forbidden.title", "partner.forbidden.notPartner", null, "partner.back");
    }

    /** A role without this right (a reader replying, say). */
    public static HttpResponse forbidden(Page page) {
        return explain(page, 403, "partner.forbidden.title", "partner.forbidden.body", "/partner", "partner.back");
    }

    public static HttpResponse disabled(Page page) {
        return explain(page, 403, "partner.disabled.title", "partner.disabled.body", null, "partner.back");
    }

    public static HttpResponse notFound(Page page) {
        return explain(page, 404, "partner.notFound.title", "partner.notFound.body", "/partner", "partner.back");
    }

    public static HttpResponse problem(Page page, int status, String headingKey, String messageKey) {
        return explain(page, status, headingKey, messageKey, "/partner", "partner.back");
    }

    private static HttpResponse explain(Page page, int status, String headingKey, String messageKey, String backHref,
                                        String backKey) {
        PageOutput out = page.output();
        JteproblemGenerated.render(out, null, page, page.t(headingKey), page.t(messageKey), backHref, backKey);
        return page.respond(status, out);
    }

    /** The lang of story text in one of our languages; null (no attribute) for others, left to the page's. */
    private static String lang(String tag) {
        return Language.of(tag).filter(l -> l.tag().equalsIgnoreCase(tag)).map(Language::tag).orElse(null);
    }
}
