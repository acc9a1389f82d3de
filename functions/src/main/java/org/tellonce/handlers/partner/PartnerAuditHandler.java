package org.tellonce.handlers.partner;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.tellonce.core.access.AccessEntry;
import org.tellonce.core.access.Action;
import org.tellonce.core.access.Actor;
import org.tellonce.core.access.Actors;
import org.tellonce.core.access.PartnerAudit;
import org.tellonce.core.access.Policy;
import org.tellonce.core.partner.Partner;
import org.tellonce.core.partner.PartnerStore;
import org.tellonce.core.staff.StaffSessions;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.BadRequestException;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.web.AuditPages;
import org.tellonce.web.Page;
import org.tellonce.web.Pages;
import org.tellonce.wiring.Wiring;

/**
 * {@code GET /partner/audit} (SPEC section 11): a partner admin's own partner's access log, newest
 * first, a page at a time ({@code ?cursor=}), as a page or as JSON. Other roles and API keys 403.
 */
public final class PartnerAuditHandler extends ApiHandler {
    static final String SIGN_IN = "/staff/sign-in";
    private final PartnerAudit audit;
    private final PartnerStore partners;
    private final Actors actors;
    private final StaffSessions sessions;

    public PartnerAuditHandler() {
        this(Wiring.lambda());
    }

    public PartnerAuditHandler(Wiring wiring) {
        this(wiring.partnerAudit(), wiring.partnerStore(), wiring.staffSessions());
        attach(wiring);
    }

    public PartnerAuditHandler(PartnerAudit audit, PartnerStore partners, StaffSessions sessions) {
        this.audit = audit;
        this.partners = partners;
        this.actors = new Actors(partners);
        this.sessions = sessions;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        boolean html = request.prefersHtml();
        PartnerApi.Caller caller = PartnerApi.caller(request, actors, sessions);
        if (caller.refusal().isPresent()) {
            HttpResponse refusal = caller.refusal().get();
            return html && refusal.status() == 401 ? HttpResponse.redirect(SIGN_IN) : html
                    ? forbidden(request) : refusal;
        }
        Actor actor = caller.who();
        Optional<HttpResponse> refusal = PartnerApi.refusal(actor, Action.VIEW_AUDIT, Policy.Story.NONE);
        if (refusal.isPresent()) {
            return html ? forbidden(request) : refusal.get();
        }
        Partner partner = actor.partner().orElseThrow();
        Optional<String> cursor = Optional.ofNullable(request.query().get("cursor")).filter(c -> !c.isEmpty());
        PartnerAudit.Page page;
        try {
            page = audit.page(partner.id(), cursor);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("The cursor is not valid; use a nextCursor exactly as you received it");
        }
        return html ? AuditPages.log(Page.of(request, "/"), partner.name(), page)
                : HttpResponse.json(200, Json.write(json(page)));
    }

    private static HttpResponse forbidden(HttpRequest request) {
        return Pages.problem(Page.of(request, "/"), 403, "audit.forbidden.title", "audit.forbidden.body");
    }

    /** {@code {"entries":[{"at","reference","action","kind","staff":{"name","email"}|null}],"nextCursor"}}. */
    static ObjectNode json(PartnerAudit.Page page) {
        ObjectNode answer = Json.object();
        ArrayNode entries = answer.putArray("entries");
        for (PartnerAudit.Line line : page.lines()) {
            AccessEntry entry = line.entry();
            ObjectNode node = entries.addObject()
                    .put("at", entry.at().toString())
                    .put("reference", entry.reference().value())
                    .put("action", entry.action().wire())
                    .put("kind", entry.kind());
            line.member().ifPresentOrElse(m -> node.putObject("staff").put("name", m.name()).put("email", m.email()),
                    () -> node.putNull("staff"));
        }
        answer.put("nextCursor", page.nextCursor().orElse(null));
        return answer;
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        return request != null && request.prefersHtml()
                ? Pages.problem(Page.of(request, "/"), 400, "audit.title", "audit.error.cursor")
                : super.badRequest(request, message);
    }

    /**
     * Before a snapshot: the audit's own reads (one GSI1 query for a partner no one can have, "_" not
     * being allowed in ids) and its JSON, with no session and no key.
     */
    @Override
    public void prime() {
        super.prime();
        Json.write(json(audit.page(PartnerFeedHandler.PRIME_PARTNER, Optional.empty())));
        partners.find(PartnerFeedHandler.PRIME_PARTNER);
    }

    /** {@code GET /partner/audit} as JSON with a staff session no one was given: one read, no write. */
    @Override
    protected APIGatewayV2HTTPEvent primeRequest() {
        return withUnknownStaffSession("GET", "/partner/audit", null);
    }
}
