package org.tellonce.handlers.partner;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.access.AccessLog;
import org.tellonce.core.access.Action;
import org.tellonce.core.access.Actor;
import org.tellonce.core.access.Actors;
import org.tellonce.core.access.Policy;
import org.tellonce.core.feed.FeedItem;
import org.tellonce.core.feed.FeedService;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.staff.StaffSessions;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Topics;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.web.Inbox;
import org.tellonce.web.InboxCsv;
import org.tellonce.web.Page;
import org.tellonce.web.PartnerPages;
import org.tellonce.wiring.Wiring;

/**
 * {@code GET /partner}: the partner inbox, a page of the filtered stories; {@code GET /partner/export.csv}:
 * the same filtered view as a CSV download, in parts when it is more than one file holds;
 * {@code GET /partner/inbox/{storyId}}: one story with its replies and the forms the person's role allows.
 * A staff session opens them; every story text shown and every CSV row is in the access log before the
 * answer leaves.
 */
public final class PartnerInboxHandler extends ApiHandler {
    private final FeedService feed;
    private final Inbox inbox;
    private final Actors actors;
    private final StaffSessions sessions;
    private final Topics topics;
    private final AccessLog accessLog;
    private final Clock clock;
    /** The stack's address ({@code PUBLIC_URL}), for the CSV's line saying where its next part is; may be empty. */
    private final String publicUrl;

    public PartnerInboxHandler() {
        this(Wiring.lambda());
    }

    public PartnerInboxHandler(Wiring wiring) {
        this(wiring.feedService(), new Inbox(wiring.feedService(), wiring.storyStore()), wiring.actors(),
                wiring.staffSessions(), wiring.topics(), wiring.accessLog(), wiring.clock(),
                wiring.config().publicUrl().orElse(""));
        attach(wiring);
    }

    public PartnerInboxHandler(FeedService feed, Inbox inbox, Actors actors, StaffSessions sessions, Topics topics,
                               AccessLog accessLog, Clock clock, String publicUrl) {
        this.feed = feed;
        this.inbox = inbox;
        this.actors = actors;
        this.sessions = sessions;
        this.topics = topics;
        this.accessLog = accessLog;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Page page = InboxAccess.page(request);
        boolean csv = request.path().endsWith("/export.csv");
        Optional<String> storyId = request.pathParameter("storyId");
        InboxAccess.Who who = InboxAccess.of(request, actors, sessions, page, csv);
        if (who.refusal().isPresent()) {
            return who.refusal().get();
        }
        Actor actor = who.actor();
        if (storyId.isPresent()) {
            return story(page, actor, storyId.get());
        }
        Optional<HttpResponse> refused = InboxAccess.refusal(actor, csv ? Action.EXPORT_CSV : Action.READ_STORY,
                Policy.Story.SHARED, page, csv);
        if (refused.isPresent()) {
            return refused.get();
        }
        return list(request, page, actor, csv, PartnerPages.OutcomeForm.offered(Policy.may(actor,
                Action.RECORD_OUTCOME)));
    }

    /**
     * The filtered list (or its CSV); {@code outcome}: the "Record an outcome" form as it is to be shown (SPEC
     * section 13), sent back with what to fix by {@link PartnerOutcomeHandler}.
     */
    HttpResponse list(HttpRequest request, Page page, Actor actor, boolean csv, PartnerPages.OutcomeForm outcome) {
        Partner partner = actor.partner().orElseThrow();
        Actor.Staff staff = (Actor.Staff) actor;
        Inbox.ParsedFilter parsed = Inbox.parse(request.query(), topics, Optional.of(staff.staffKey()));
        if (csv || (!parsed.errorKeys().isEmpty() && InboxAccess.wantsJson(request))) {
            return csv(request, page, actor, partner, parsed);
        }
        Optional<Inbox.Start> start = inbox.start(partner, parsed);
        if (start.isEmpty() && InboxAccess.wantsJson(request)) {
            return validation(page, Map.of(parsed.before().isPresent() ? Inbox.BEFORE : Inbox.AFTER,
                    "error.filter.cursor"));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        parsed.errorKeys().forEach((field, key) -> errors.put(field, page.t(key)));
        if (start.isEmpty()) {
            errors.put("page", page.t("error.filter.cursor"));
        }
        Inbox.Listing listing = inbox.page(partner, parsed.filter(), start.orElse(new Inbox.Newest()));
        InboxAccess.log(accessLog, clock, actor, listing.items().stream().map(FeedItem::reference).toList(),
                Action.READ_STORY);
        return PartnerPages.inbox(page, errors.isEmpty() && outcome.errors().isEmpty() ? 200 : 400, partner,
                staff.member().name(), topics, listing.items(),
                new PartnerPages.InboxView(request.query(), errors, listing, outcome));
    }

    /**
     * The CSV of the filtered view, newest shared first, as much as one file holds; a filter or position
     * that cannot be read is a JSON 400 (for the CSV or a JSON caller). A file that stops before the end
     * says where the next part starts: the {@code x-tellonce-truncated} and {@code Link} headers, and a
     * last line a person reads in the spreadsheet. Every row in the file is in the access log.
     */
    private HttpResponse csv(HttpRequest request, Page page, Actor actor, Partner partner, Inbox.ParsedFilter parsed) {
        Map<String, String> problems = new LinkedHashMap<>(parsed.errorKeys());
        if (parsed.after().isPresent()) {
            problems.put(Inbox.AFTER, "error.filter.csvAfter");
        }
        Optional<Inbox.Start> start = problems.isEmpty() ? inbox.start(partner, parsed) : Optional.empty();
        if (problems.isEmpty() && start.isEmpty()) {
            problems.put(Inbox.BEFORE, "error.filter.cursor");
        }
        if (!problems.isEmpty()) {
            return validation(page, problems);
        }
        InboxCsv.Writer writer = new InboxCsv.Writer(InboxCsv.MAX_BYTES);
        List<Reference> written = new ArrayList<>();
        Optional<String> rest = inbox.export(partner, parsed.filter(), start.get(), item -> {
            if (!writer.add(item)) {
                return false;
            }
            written.add(item.reference());
            return true;
        });
        InboxAccess.log(accessLog, clock, actor, written, Action.EXPORT_CSV);
        Optional<String> next = rest.map(cursor -> Inbox.href("/partner/export.csv", request.query(),
                Optional.of(Inbox.BEFORE), Optional.of(cursor)));
        return InboxCsv.download(partner.id(), writer.finish(next.map(href -> page.t("partner.csv.more",
                publicUrl + href))), next);
    }

    /** A JSON 400 naming each field that could not be read, in the page's language. */
    private static HttpResponse validation(Page page, Map<String, String> problems) {
        var error = Json.object();
        error.put("error", "validation");
        var fields = error.putObject("fields");
        problems.forEach((field, key) -> fields.put(field, page.t(key)));
        return HttpResponse.json(400, Json.write(error));
    }

    private HttpResponse story(Page page, Actor actor, String storyId) {
        Optional<FeedItem> item = actor.partner().flatMap(p -> feed.one(p, storyId));
        Optional<HttpResponse> refused = InboxAccess.refusal(actor, Action.READ_STORY,
                item.isPresent() ? Policy.Story.SHARED : Policy.Story.NOT_SHARED, page, false);
        if (refused.isPresent()) {
            return refused.get();
        }
        Partner partner = actor.partner().orElseThrow();
        InboxAccess.log(accessLog, clock, actor, List.of(item.get().reference()), Action.READ_STORY);
        return PartnerPages.story(page, 200, item.get(), inbox.replies(partner, item.get().reference()),
                PartnerInboxResponseHandler.view(actor, Map.of(), ""));
    }
}
