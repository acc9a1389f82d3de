package org.tellonce.handlers.partner;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tellonce.core.access.AccessLog;
import org.tellonce.core.access.Action;
import org.tellonce.core.access.Actor;
import org.tellonce.core.access.Actors;
import org.tellonce.core.access.Assignees;
import org.tellonce.core.access.Policy;
import org.tellonce.core.feed.FeedItem;
import org.tellonce.core.feed.FeedService;
import org.tellonce.core.feed.Handling;
import org.tellonce.core.feed.Lead;
import org.tellonce.core.feed.LeadOutcome;
import org.tellonce.core.feed.ResponseOutcome;
import org.tellonce.core.feed.ResponseText;
import org.tellonce.core.feed.Work;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.staff.StaffSessions;
import org.tellonce.core.story.Reference;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.BadRequestException;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.http.SameOrigin;
import org.tellonce.telemetry.Log;
import org.tellonce.web.Inbox;
import org.tellonce.web.Page;
import org.tellonce.web.PartnerPages;
import org.tellonce.wiring.Wiring;

/**
 * The inbox's work on one story, by a signed-in staff member as their role allows ({@link Policy}):
 * {@code POST /partner/inbox/{storyId}/responses} a reply (form, one-time token);
 * {@code POST /partner/inbox/{storyId}/handling} {@code {"handling"}} and
 * {@code POST /partner/inbox/{storyId}/assignee} {@code {"email"}} (empty: nobody), as forms (303 back to
 * the story) or JSON (200 with the work as it is now); {@code POST /partner/inbox/{storyId}/lead}
 * {@code lead=claim|release} (SPEC section 13). Each is in the access log.
 */
public final class PartnerInboxResponseHandler extends ApiHandler {
    private static final int BODY_MAX = 16 * 1024;
    private final FeedService feed;
    private final Inbox inbox;
    private final Actors actors;
    private final StaffSessions sessions;
    private final Assignees assignees;
    private final AccessLog accessLog;
    private final Clock clock;

    public PartnerInboxResponseHandler() {
        this(Wiring.lambda());
    }

    public PartnerInboxResponseHandler(Wiring wiring) {
        this(wiring.feedService(), new Inbox(wiring.feedService(), wiring.storyStore()), wiring.actors(),
                wiring.staffSessions(), new Assignees(wiring.staffStore(), wiring.residentKeys()), wiring.accessLog(),
                wiring.clock());
        attach(wiring);
    }

    public PartnerInboxResponseHandler(FeedService feed, Inbox inbox, Actors actors, StaffSessions sessions,
                                       Assignees assignees, AccessLog accessLog, Clock clock) {
        this.feed = feed;
        this.inbox = inbox;
        this.actors = actors;
        this.sessions = sessions;
        this.assignees = assignees;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    /** What the story page offers this person: the forms of the rights their role has. */
    static PartnerPages.StoryView view(Actor actor, Map<String, String> errors, String draft) {
        String email = actor instanceof Actor.Staff staff ? staff.member().email() : "";
        String name = actor instanceof Actor.Staff staff ? staff.member().name() : "";
        return new PartnerPages.StoryView(name, email, Policy.may(actor, Action.REPLY),
                Policy.may(actor, Action.SET_HANDLING) && Policy.may(actor, Action.ASSIGN), errors, draft,
                actor.partner().map(p -> p.id()).orElse(""), Policy.may(actor, Action.CLAIM_LEAD));
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Page page = InboxAccess.page(request).switchingAt(InboxAccess.HOME);
        boolean json = InboxAccess.wantsJson(request);
        InboxAccess.Who who = InboxAccess.of(request, actors, sessions, page, json);
        if (who.refusal().isPresent()) {
            return who.refusal().get();
        }
        if (SameOrigin.crossSite(request)) {
            return json ? HttpResponse.json(403, Json.error("cross_site",
                    "A staff session works only from TellOnce's own pages"))
                    : PartnerPages.problem(page, 403, "problem.crossSite.title", "partner.crossSite.body");
        }
        Actor actor = who.actor();
        String storyId = request.pathParameter("storyId").orElse("");
        Action action = request.path().endsWith("/handling") ? Action.SET_HANDLING
                : request.path().endsWith("/assignee") ? Action.ASSIGN
                : request.path().endsWith("/lead") ? Action.CLAIM_LEAD : Action.REPLY;
        Optional<Reference> shared = actor.partner().flatMap(p -> feed.sharedReference(p, storyId));
        Optional<HttpResponse> refused = InboxAccess.refusal(actor, action,
                shared.isPresent() ? Policy.Story.SHARED : Policy.Story.NOT_SHARED, page, json);
        if (refused.isPresent()) {
            return refused.get();
        }
        Partner partner = actor.partner().orElseThrow();
        Map<String, String> fields = fields(request, json);
        return switch (action) {
            case SET_HANDLING -> handling(page, json, actor, partner, storyId, shared.get(), fields);
            case ASSIGN -> assign(page, json, actor, partner, storyId, shared.get(), fields);
            case CLAIM_LEAD -> lead(page, json, actor, partner, storyId, shared.get(), fields);
            default -> reply(request, page, actor, partner, storyId, shared.get(), fields);
        };
    }

    private HttpResponse handling(Page page, boolean json, Actor actor, Partner partner, String storyId,
                                  Reference reference, Map<String, String> fields) {
        Optional<Handling> handling = Optional.ofNullable(fields.get("handling")).map(String::strip)
                .flatMap(Handling::of);
        if (handling.isEmpty()) {
            return invalid(page, json, actor, partner, storyId, "handling",
                    page.t("partner.error.handling"), "Give handling as one of: " + Handling.names());
        }
        Optional<Work> work = feed.setHandling(partner, storyId, handling.get());
        if (work.isEmpty()) {
            return json ? PartnerApi.notFound() : PartnerPages.notFound(page);
        }
        InboxAccess.log(accessLog, clock, actor, List.of(reference), Action.SET_HANDLING);
        return saved(json, storyId, work.get());
    }

    private HttpResponse assign(Page page, boolean json, Actor actor, Partner partner, String storyId,
                                Reference reference, Map<String, String> fields) {
        String email = Optional.ofNullable(fields.get("email")).map(String::strip).orElse("");
        Optional<Work.Assignee> assignee = Optional.empty();
        if (!email.isEmpty()) {
            assignee = assignees.of(actor, email);
            if (assignee.isEmpty()) {
                return invalid(page, json, actor, partner, storyId, "email", page.t("partner.error.assignee"),
                        "Give the e-mail of one of your organisation's staff who may reply, or none to unassign");
            }
        }
        Optional<Work> work = feed.assign(partner, storyId, assignee);
        if (work.isEmpty()) {
            return json ? PartnerApi.notFound() : PartnerPages.notFound(page);
        }
        InboxAccess.log(accessLog, clock, actor, List.of(reference), Action.ASSIGN);
        return saved(json, storyId, work.get());
    }

    /** {@code lead=claim} or {@code lead=release} (SPEC section 13): 303 back to the story, or 200 as JSON. */
    private HttpResponse lead(Page page, boolean json, Actor actor, Partner partner, String storyId,
                              Reference reference, Map<String, String> fields) {
        String wanted = Optional.ofNullable(fields.get("lead")).map(String::strip).orElse("");
        if (!wanted.equals(PartnerPages.LEAD_CLAIM) && !wanted.equals(PartnerPages.LEAD_RELEASE)) {
            throw new BadRequestException("Give lead as claim or release");
        }
        boolean claim = wanted.equals(PartnerPages.LEAD_CLAIM);
        LeadOutcome outcome = claim ? feed.claimLead(partner, storyId) : feed.releaseLead(partner, storyId);
        if (outcome instanceof LeadOutcome.NotShared) {
            return json ? PartnerApi.notFound() : PartnerPages.notFound(page);
        }
        if (outcome instanceof LeadOutcome.Taken taken) {
            return json ? HttpResponse.json(409, Json.error(claim ? "lead_taken" : "not_lead",
                    taken.lead().name() + " (" + taken.lead().partnerId() + ") leads this story"))
                    : PartnerPages.problem(page, 409, "partner.lead.taken.title", "partner.lead.taken.body");
        }
        InboxAccess.log(accessLog, clock, actor, List.of(reference), Action.CLAIM_LEAD);
        Optional<Lead> lead = outcome instanceof LeadOutcome.Leading leading ? Optional.of(leading.lead())
                : Optional.empty();
        return json ? HttpResponse.json(200, FeedJson.lead(lead))
                : HttpResponse.redirect(storyHref(storyId) + "?" + Page.NOTICE + "=" + (lead.isPresent()
                ? PartnerPages.NOTICE_LEAD_CLAIMED : PartnerPages.NOTICE_LEAD_RELEASED));
    }

    private static HttpResponse saved(boolean json, String storyId, Work work) {
        return json ? HttpResponse.json(200, FeedJson.work(storyId, work))
                : HttpResponse.redirect(storyHref(storyId) + "?" + Page.NOTICE + "=" + PartnerPages.NOTICE_WORK_SAVED);
    }

    /** A value that cannot be used: 400 as JSON, or the story page again with the message at its field. */
    private HttpResponse invalid(Page page, boolean json, Actor actor, Partner partner, String storyId, String field,
                                 String message, String jsonMessage) {
        if (json) {
            var error = Json.object();
            error.put("error", "validation");
            error.putObject("fields").put(field, jsonMessage);
            return HttpResponse.json(400, Json.write(error));
        }
        return storyAgain(page, actor, partner, storyId, Map.of(field, message), "");
    }

    private HttpResponse storyAgain(Page page, Actor actor, Partner partner, String storyId,
                                    Map<String, String> errors, String draft) {
        Optional<FeedItem> item = feed.one(partner, storyId);
        if (item.isEmpty()) {
            return PartnerPages.notFound(page);
        }
        InboxAccess.log(accessLog, clock, actor, List.of(item.get().reference()), Action.READ_STORY);
        return PartnerPages.story(page, 400, item.get(), inbox.replies(partner, item.get().reference()),
                view(actor, errors, draft));
    }

    private HttpResponse reply(HttpRequest request, Page page, Actor actor, Partner partner, String storyId,
                               Reference reference, Map<String, String> fields) {
        String text = Optional.ofNullable(fields.get("text")).map(String::strip).orElse("");
        if (!ResponseText.acceptable(text)) {
            return storyAgain(page, actor, partner, storyId,
                    Map.of("reply", page.t("partner.error.reply", FeedService.RESPONSE_MAX)), text);
        }
        ResponseOutcome outcome = feed.respondFromInbox(partner, storyId, text,
                Optional.ofNullable(fields.get(PartnerPages.FORM_TOKEN)));
        if (outcome instanceof ResponseOutcome.Stored || outcome instanceof ResponseOutcome.Replayed) {
            boolean now = outcome instanceof ResponseOutcome.Stored;
            if (now) {
                InboxAccess.log(accessLog, clock, actor, List.of(reference), Action.REPLY);
            }
            Log.info(PartnerInboxResponseHandler.class, request.requestId(), now ? "responded" : "reply_already_sent",
                    partner.id());
            String notice = now ? PartnerPages.NOTICE_REPLY_SENT : PartnerPages.NOTICE_REPLY_ALREADY_SENT;
            return HttpResponse.redirect(storyHref(storyId) + "?" + Page.NOTICE + "=" + notice);
        }
        return outcome instanceof ResponseOutcome.NotShared ? PartnerPages.notFound(page)
                : PartnerPages.problem(page, 409, "problem.retry.title", "partner.unreadable.body");
    }

    static String storyHref(String storyId) {
        return "/partner/inbox/" + storyId;
    }

    /** The form's or JSON body's fields; an unreadable body is a 400. */
    private static Map<String, String> fields(HttpRequest request, boolean json) {
        if (request.body().length > BODY_MAX) {
            throw new BadRequestException("The body is too large");
        }
        if (json) {
            JsonNode body = Json.parse(request.body());
            if (!body.isObject()) {
                throw new BadRequestException("Send a JSON object");
            }
            Map<String, String> out = new java.util.HashMap<>();
            for (String name : List.of("handling", "email", "lead")) {
                JsonNode value = body.get(name);
                if (value != null && value.isTextual()) {
                    out.put(name, value.asText());
                } else if (value != null && !value.isNull()) {
                    throw new BadRequestException("'" + name + "' must be a string");
                }
            }
            return out;
        }
        if (!request.mediaType().filter("application/x-www-form-urlencoded"::equals).isPresent()) {
            throw new BadRequestException("unreadable form");
        }
        FormBody form = FormBody.parse(request.body());
        Map<String, String> out = new java.util.HashMap<>();
        for (String name : List.of("handling", "email", "text", "lead", PartnerPages.FORM_TOKEN)) {
            form.single(name).ifPresent(v -> out.put(name, v));
        }
        return out;
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        if (request == null || InboxAccess.wantsJson(request)) {
            return super.badRequest(request, message);
        }
        return PartnerPages.problem(InboxAccess.page(request).switchingAt(InboxAccess.HOME), 400,
                "problem.unreadable.title", "partner.unreadable.body");
    }
}
