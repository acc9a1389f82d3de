package org.tellonce.handlers.partner;

import java.time.Clock;
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
 * every story of the same filtered view as a CSV download; {@code GET /partner/inbox/{storyId}}: one
 * story with its replies and the forms the person's role allows. A staff session opens them; every story
 * text shown and every CSV row is in the access log before the answer leaves.
 */
public final class PartnerInboxHandler extends ApiHandler {
    private final FeedService feed;
    private final Inbox inbox;
    private final Actors actors;
    private final StaffSessions sessions;
    private final Topics topics;
    private final AccessLog accessLog;
    private final Clock clock;

    public PartnerInboxHandler() {
        this(Wiring.lambda());
    }

    public PartnerInboxHandler(Wiring wiring) {
        this(wiring.feedService(), new Inbox(wiring.feedService(), wiring.storyStore()), wiring.actors(),
                wiring.staffSessions(), wiring.topics(), wiring.accessLog(), wiring.clock());
        attach(wiring);
    }

    public PartnerInboxHandler(FeedService feed, Inbox inbox, Actors actors, StaffSessions sessions, Topics topics,
                               AccessLog accessLog, Clock clock) {
        this.feed = feed;
        this.inbox = inbox;
        this.actors = actors;
        this.sessions = sessions;
        this.topics = topics;
        this.accessLog = accessLog;
        this.clock = clock;
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
            return csv(page, actor, partner, parsed);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        parsed.errorKeys().forEach((field, key) -> errors.put(field, page.t(key)));
        Inbox.Found found = inbox.find(partner, parsed.filter());
        List<FeedItem> shown = Inbox.page(found.items(), parsed.page());
        InboxAccess.log(accessLog, clock, actor, shown.stream().map(FeedItem::reference).toList(), Action.READ_STORY);
        return PartnerPages.inbox(page, errors.isEmpty() && outcome.errors().isEmpty() ? 200 : 400, partner, staff.member().name(), topics, shown,
                new PartnerPages.InboxView(request.query(), errors, parsed.page(), found.items().size(),
                        found.cutOff(), outcome));
    }

    /** The CSV of the filtered view; a filter that cannot be read is a JSON 400 (for the CSV or a JSON caller). */
    private HttpResponse csv(Page page, Actor actor, Partner partner, Inbox.ParsedFilter parsed) {
        if (!parsed.errorKeys().isEmpty()) {
            var error = Json.object();
            error.put("error", "validation");
            var fields = error.putObject("fields");
            parsed.errorKeys().forEach((field, key) -> fields.put(field, page.t(key)));
            return HttpResponse.json(400, Json.write(error));
        }
        List<FeedItem> all = inbox.find(partner, parsed.filter()).items();
        InboxCsv.Csv csv = InboxCsv.write(all, InboxCsv.MAX_BYTES);
        InboxAccess.log(accessLog, clock, actor, all.subList(0, csv.rows()).stream().map(FeedItem::reference).toList(),
                Action.EXPORT_CSV);
        return InboxCsv.download(partner.id(), csv);
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
