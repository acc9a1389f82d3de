package org.tellonce.web;

import static org.tellonce.http.Html.escape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.feed.FeedItem;
import org.tellonce.core.feed.FeedService;
import org.tellonce.core.language.Language;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerSession;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.StoredStory;
import org.tellonce.core.story.Topics;
import org.tellonce.http.HttpResponse;

/**
 * The partner inbox's pages: sign-in, the inbox and its refusals. Story text, contact details,
 * partner names and replies are all escaped; none of them is ever markup.
 */
public final class PartnerPages {
    public static final String NOTICE_REPLY_SENT = "reply-sent";
    public static final String NOTICE_SIGNED_OUT = "signed-out";

    private PartnerPages() {
    }

    /** A story of the inbox with the partner's own replies to it. */
    public record Shown(FeedItem item, List<StoredStory.PartnerResponse> replies) {
    }

    /** What the inbox shows besides the stories: the filter as typed and what to fix. */
    public record InboxView(Map<String, String> query, Map<String, String> errors, Map<String, String> drafts) {
    }

    public static HttpResponse signIn(Page page, int status, Optional<String> errorKey, Optional<String> noticeKey) {
        StringBuilder b = new StringBuilder();
        errorKey.ifPresent(key -> b.append("<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus ")
                .append("aria-labelledby=\"error-summary-title\"><h2 id=\"error-summary-title\">")
                .append(page.h("error.summary")).append("</h2><ul><li><a href=\"#key\">").append(page.h(key))
                .append("</a></li></ul></div>"));
        noticeKey.ifPresent(key -> notice(page, b, key));
        b.append("<h1>").append(page.h("partner.signIn.title")).append("</h1>")
                .append("<p>").append(page.h("partner.signIn.intro")).append("</p>")
                .append("<form method=\"post\" action=\"/partner/session\" novalidate accept-charset=\"utf-8\">")
                .append(errorKey.isPresent() ? "<div class=\"field field-error\">" : "<div class=\"field\">")
                .append("<label for=\"key\">").append(page.h("partner.signIn.key")).append("</label>")
                .append("<p class=\"hint\" id=\"key-hint\">").append(page.h("partner.signIn.keyHint")).append("</p>");
        errorKey.ifPresent(key -> b.append("<p class=\"error-message\" id=\"key-error\"><span class=\"visually-hidden\">")
                .append(page.h("error.prefix")).append("</span> ").append(page.h(key)).append("</p>"));
        b.append("<input type=\"password\" id=\"key\" name=\"key\" autocomplete=\"off\" spellcheck=\"false\" ")
                .append("autocapitalize=\"none\" aria-describedby=\"key-hint").append(errorKey.isPresent() ? " key-error" : "")
                .append("\"").append(errorKey.isPresent() ? " aria-invalid=\"true\"" : "").append("></div>")
                .append("<button type=\"submit\">").append(page.h("partner.signIn.submit")).append("</button></form>")
                .append("<p>").append(page.h("partner.signIn.lifetime", PartnerSession.LIFETIME.toMinutes())).append("</p>");
        String title = page.t("partner.signIn.title");
        return page.html(status, errorKey.isPresent() ? page.t("error.titlePrefix", title) : title, b.toString());
    }

    public static HttpResponse inbox(Page page, int status, Partner partner, Topics topics, List<Shown> shown, int total,
                              InboxView view) {
        StringBuilder b = new StringBuilder();
        if (!view.errors().isEmpty()) {
            b.append("<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus ")
                    .append("aria-labelledby=\"error-summary-title\"><h2 id=\"error-summary-title\">")
                    .append(page.h("error.summary")).append("</h2><ul>");
            view.errors().forEach((field, message) -> b.append("<li><a href=\"#").append(escape(field)).append("\">")
                    .append(escape(message)).append("</a></li>"));
            b.append("</ul></div>");
        } else if (page.hasNotice(NOTICE_REPLY_SENT)) {
            notice(page, b, "partner.notice.replySent");
        }
        b.append("<h1>").append(page.h("partner.inbox.title", partner.name())).append("</h1>")
                .append("<form method=\"post\" action=\"/partner/sign-out\"><p>")
                .append(page.h("partner.inbox.signedInAs", partner.name()))
                .append(" <button type=\"submit\" class=\"secondary\">").append(page.h("partner.inbox.signOut"))
                .append("</button></p></form>");

        filters(page, b, topics, view);

        String filterQuery = page.rawQuery();
        b.append("<p id=\"count\">").append(page.h(total == 1 ? "partner.inbox.countOne" : "partner.inbox.count", total));
        if (total > shown.size()) {
            b.append(" ").append(page.h("partner.inbox.showing", shown.size()));
        }
        b.append("</p><p><a id=\"export\" href=\"/partner/export.csv").append(filterQuery.isEmpty() ? "" : "?")
                .append(escape(filterQuery)).append("\" download>").append(page.h("partner.inbox.export"))
                .append("</a></p>");
        if (shown.isEmpty()) {
            b.append("<p id=\"no-stories\">").append(page.h("partner.inbox.empty")).append("</p>");
        }
        for (Shown s : shown) {
            story(page, b, s, view);
        }
        String title = page.t("partner.inbox.title", partner.name());
        return page.wideHtml(status, view.errors().isEmpty() ? title : page.t("error.titlePrefix", title), b.toString());
    }

    private static void filters(Page page, StringBuilder b, Topics topics, InboxView view) {
        Map<String, String> q = view.query();
        b.append("<form method=\"get\" action=\"/partner\" class=\"filters\" aria-labelledby=\"filters-title\">")
                .append("<h2 id=\"filters-title\">").append(page.h("partner.filter.title")).append("</h2><div class=\"row\">");
        String topic = q.getOrDefault("topic", "");
        b.append(field(view, "topic")).append("<label for=\"topic\">").append(page.h("partner.filter.topic")).append("</label>")
                .append(errorLine(page, view, "topic"))
                .append("<select id=\"topic\" name=\"topic\"><option value=\"\">").append(page.h("partner.filter.anyTopic"))
                .append("</option>");
        for (String t : topics.all()) {
            b.append("<option value=\"").append(escape(t)).append("\"").append(t.equals(topic) ? " selected" : "")
                    .append(">").append(escape(page.text().topic(t))).append("</option>");
        }
        b.append("</select></div>");
        b.append(field(view, "area")).append("<label for=\"area\">").append(page.h("partner.filter.area")).append("</label>")
                .append("<input type=\"text\" id=\"area\" name=\"area\" value=\"").append(escape(q.getOrDefault("area", "")))
                .append("\" autocomplete=\"off\"></div>");
        for (String name : List.of("from", "to")) {
            b.append(field(view, name)).append("<label for=\"").append(name).append("\">")
                    .append(page.h("partner.filter." + name)).append("</label>").append(errorLine(page, view, name))
                    .append("<input type=\"date\" id=\"").append(name).append("\" name=\"").append(name)
                    .append("\" value=\"").append(escape(q.getOrDefault(name, ""))).append("\"")
                    .append(view.errors().containsKey(name) ? " aria-invalid=\"true\" aria-describedby=\"" + name + "-error\"" : "")
                    .append("></div>");
        }
        b.append("</div><div class=\"actions\"><button type=\"submit\">").append(page.h("partner.filter.apply"))
                .append("</button><a href=\"/partner\">").append(page.h("partner.filter.clear")).append("</a></div></form>");
    }

    private static void story(Page page, StringBuilder b, Shown shown, InboxView view) {
        FeedItem item = shown.item();
        String id = item.storyId();
        String reference = item.reference().value();
        String replyField = "reply-" + id;
        b.append("<article class=\"story\" id=\"story-").append(escape(id)).append("\" aria-labelledby=\"title-")
                .append(escape(id)).append("\"><h2 id=\"title-").append(escape(id)).append("\">")
                .append(page.h("partner.story.title", reference)).append("</h2><dl>");
        term(b, page.t("partner.story.received"), page.text().dateTime(item.receivedAt()));
        term(b, page.t("partner.story.shared"), page.text().dateTime(item.sharedAt()));
        term(b, page.t("story.channel"), page.t(item.channel() == Channel.SMS ? "story.channel.sms"
                : "story.channel.web"));
        List<String> topicNames = new ArrayList<>();
        item.topics().forEach(t -> topicNames.add(page.text().topic(t)));
        term(b, page.t("story.topics"), topicNames.isEmpty() ? page.t("partner.story.none") : String.join(", ", topicNames));
        term(b, page.t("story.area"), item.area().orElse(page.t("partner.story.none")));
        term(b, page.t("partner.story.language"), page.text().languageName(item.language()));
        if (item.contact().isPresent()) {
            FeedItem.ContactDetails contact = item.contact().get();
            List<String> lines = new ArrayList<>();
            for (Optional<String> line : List.of(contact.name(), contact.email(), contact.phone())) {
                line.ifPresent(lines::add);
            }
            term(b, page.t("partner.story.contact"), lines.isEmpty() ? page.t("partner.story.none") : String.join(", ", lines));
        } else {
            term(b, page.t("partner.story.contact"), page.t("partner.story.anonymous"));
        }
        b.append("</dl><p class=\"story-text\" dir=\"auto\"").append(lang(item.language()))
                .append(" id=\"text-").append(escape(id)).append("\">").append(escape(item.text())).append("</p>");

        List<FeedItem.Earlier> history = item.history();
        if (!history.isEmpty()) {
            b.append("<details><summary>").append(page.h("partner.story.history", history.size())).append("</summary>")
                    .append("<ul class=\"plain\">");
            for (FeedItem.Earlier earlier : history) {
                b.append("<li><strong>").append(escape(earlier.reference().value())).append("</strong> (")
                        .append(escape(page.text().dateTime(earlier.receivedAt())))
                        .append(")<p class=\"story-text\" dir=\"auto\">").append(escape(earlier.text()))
                        .append("</p></li>");
            }
            b.append("</ul></details>");
        }
        if (!shown.replies().isEmpty()) {
            b.append("<h3>").append(page.h("partner.story.yourReplies")).append("</h3><ul class=\"plain\" id=\"replies-")
                    .append(escape(id)).append("\">");
            shown.replies().forEach(r -> b.append("<li>").append(escape(page.text().dateTime(r.at())))
                    .append("<p class=\"story-text\" dir=\"auto\">").append(escape(r.text())).append("</p></li>"));
            b.append("</ul>");
        }
        boolean error = view.errors().containsKey(replyField);
        b.append("<form method=\"post\" action=\"/partner/inbox/").append(escape(id))
                .append("/responses\" novalidate accept-charset=\"utf-8\">")
                .append(error ? "<div class=\"field field-error\">" : "<div class=\"field\">")
                .append("<label for=\"").append(escape(replyField)).append("\">").append(page.h("partner.reply.label"))
                .append("<span class=\"visually-hidden\"> ").append(page.h("partner.reply.about", reference))
                .append("</span></label><p class=\"hint\" id=\"").append(escape(replyField)).append("-hint\">")
                .append(page.h("partner.reply.hint", FeedService.RESPONSE_MAX)).append("</p>")
                .append(error ? errorLine(page, view, replyField) : "")
                .append("<textarea class=\"short\" id=\"").append(escape(replyField)).append("\" name=\"text\" rows=\"4\" ")
                .append("dir=\"auto\" aria-describedby=\"").append(escape(replyField)).append("-hint")
                .append(error ? " " + escape(replyField) + "-error\" aria-invalid=\"true\"" : "\"").append(">")
                .append(escape(view.drafts().getOrDefault(id, ""))).append("</textarea></div>")
                .append("<button type=\"submit\">").append(page.h("partner.reply.submit")).append("</button></form>")
                .append("</article>");
    }

    public static HttpResponse disabled(Page page) {
        String body = "<h1>" + page.h("partner.disabled.title") + "</h1><p>" + page.h("partner.disabled.body") + "</p>";
        return page.html(403, page.t("partner.disabled.title"), body);
    }

    public static HttpResponse notFound(Page page) {
        String body = "<h1>" + page.h("partner.notFound.title") + "</h1><p>" + page.h("partner.notFound.body") + "</p>"
                + "<p><a href=\"/partner\">" + page.h("partner.back") + "</a></p>";
        return page.html(404, page.t("partner.notFound.title"), body);
    }

    public static HttpResponse problem(Page page, int status, String headingKey, String messageKey) {
        String body = "<h1>" + page.h(headingKey) + "</h1><p>" + page.h(messageKey) + "</p>"
                + "<p><a href=\"/partner\">" + page.h("partner.back") + "</a></p>";
        return page.html(status, page.t(headingKey), body);
    }

    private static void notice(Page page, StringBuilder b, String key) {
        b.append("<div class=\"notice\" role=\"status\" id=\"notice\"><p>").append(page.h(key)).append("</p></div>");
    }

    private static String field(InboxView view, String name) {
        return view.errors().containsKey(name) ? "<div class=\"field field-error\">" : "<div class=\"field\">";
    }

    private static String errorLine(Page page, InboxView view, String name) {
        String message = view.errors().get(name);
        return message == null ? "" : "<p class=\"error-message\" id=\"" + escape(name) + "-error\"><span class=\"visually-hidden\">"
                + page.h("error.prefix") + "</span> " + escape(message) + "</p>";
    }

    private static void term(StringBuilder b, String term, String value) {
        b.append("<dt>").append(escape(term)).append("</dt><dd>").append(escape(value)).append("</dd>");
    }

    /** A lang attribute for story text in one of our languages (others are left to the page's). */
    private static String lang(String tag) {
        return Language.of(tag).filter(l -> l.tag().equalsIgnoreCase(tag)).map(l -> " lang=\"" + l.tag() + "\"").orElse("");
    }
}
