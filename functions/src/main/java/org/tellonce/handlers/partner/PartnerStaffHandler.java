package org.tellonce.handlers.partner;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tellonce.core.access.Action;
import org.tellonce.core.access.Actor;
import org.tellonce.core.access.Actors;
import org.tellonce.core.access.Policy;
import org.tellonce.core.staff.StaffAdmin;
import org.tellonce.core.staff.StaffMember;
import org.tellonce.core.staff.StaffSessions;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.Json;
import org.tellonce.telemetry.Log;
import org.tellonce.web.Page;
import org.tellonce.web.PartnerStaffPages;
import org.tellonce.wiring.Wiring;

/**
 * A partner admin manages their own partner's staff (SPEC section 11): {@code GET /partner/staff},
 * {@code POST /partner/staff} {@code {"email","name","role"}} (add, or give a member a new role, which
 * ends their sessions) and {@code POST /partner/staff/disable} {@code {"email"}} (their sessions end at
 * once), as JSON or as forms without script. Only {@link Policy} decides who may; staff e-mails and
 * names never reach the logs.
 */
public final class PartnerStaffHandler extends ApiHandler {
    static final int BODY_MAX = 4 * 1024;
    static final String PAGE = "/partner/staff";
    private static final String DISABLE = "/partner/staff/disable";

    private final StaffAdmin admin;
    private final Actors actors;
    private final StaffSessions sessions;

    public PartnerStaffHandler() {
        this(Wiring.lambda());
    }

    public PartnerStaffHandler(Wiring wiring) {
        this(new StaffAdmin(wiring.staffStore(), wiring.partnerStore(), wiring.residentKeys()), wiring.actors(),
                wiring.staffSessions());
        attach(wiring);
    }

    public PartnerStaffHandler(StaffAdmin admin, Actors actors, StaffSessions sessions) {
        this.admin = admin;
        this.actors = actors;
        this.sessions = sessions;
    }

    /** What was sent: JSON from a client, or the page's form. */
    private record Sent(boolean json, String email, String name, String role) {
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        boolean json = wantsJson(request);
        Page page = Page.of(request, "/partner").switchingAt(PAGE);
        PartnerApi.Caller caller = PartnerApi.caller(request, actors, sessions);
        if (caller.refusal().isPresent()) {
            return json ? caller.refusal().get() : PartnerStaffPages.refused(page, caller.refusal().get().status());
        }
        Actor actor = caller.who();
        Policy.Decision decision = Policy.decide(actor, Action.MANAGE_STAFF, Policy.Story.NONE);
        if (!decision.allowed()) {
            Log.info(PartnerStaffHandler.class, request.requestId(), "partner_staff", "forbidden");
            return json ? PartnerApi.refusal(actor, Action.MANAGE_STAFF, Policy.Story.NONE).orElseThrow()
                    : PartnerStaffPages.refused(page, decision.status());
        }
        // MANAGE_STAFF is only ever allowed to a partner's own staff.
        Actor.Staff staff = (Actor.Staff) actor;
        String partnerId = staff.partner().orElseThrow().id();
        StaffAdmin.PartnerStaff team = admin.forPartner(partnerId, staff.staffKey());
        if (request.method().equals("GET")) {
            return json ? list(team.list()) : page(page, 200, staff, team, Map.of(), new Sent(false, "", "", ""));
        }
        if (request.mediaType().filter(t -> t.equals("application/json")
                || t.equals("application/x-www-form-urlencoded")).isEmpty()) {
            return HttpResponse.json(415, Json.error("unsupported_media_type",
                    "Send application/json or a form (application/x-www-form-urlencoded)"));
        }
        if (request.body().length > BODY_MAX) {
            return HttpResponse.json(413, Json.error("too_large", "The body is too large"));
        }
        Sent sent = sent(request, json);
        boolean disable = request.path().equals(DISABLE);
        StaffAdmin.Change change = disable ? team.disable(sent.email()) : team.add(sent.email(), sent.name(), sent.role());
        Log.info(PartnerStaffHandler.class, request.requestId(), disable ? "partner_staff_disable" : "partner_staff_add",
                change instanceof StaffAdmin.Refused r ? "refused_" + String.join("_", r.fields().values())
                        : "done");
        if (change instanceof StaffAdmin.Done done) {
            if (!json) {
                return HttpResponse.redirect(PAGE + "?" + Page.NOTICE + "=" + (disable ? "disabled" : "added"));
            }
            return HttpResponse.json(disable ? 200 : 201, Json.write(member(done.member())));
        }
        StaffAdmin.Refused refused = (StaffAdmin.Refused) change;
        int status = refused.conflict() ? 409 : refused.fields().containsValue("unknown") ? 404 : 400;
        Map<String, String> words = new LinkedHashMap<>();
        refused.fields().forEach((field, problem) -> words.put(field, page.t("partnerStaff.error." + problem)));
        if (json) {
            ObjectNode answer = Json.object();
            answer.put("error", refused.conflict() ? "conflict" : status == 404 ? "not_found" : "validation");
            ObjectNode fields = answer.putObject("fields");
            refused.fields().forEach((field, problem) ->
                    fields.put(field, page.in(org.tellonce.core.language.Language.EN).t("partnerStaff.error." + problem)));
            return HttpResponse.json(status, Json.write(answer));
        }
        return page(page, status, staff, team, words, disable ? new Sent(false, "", "", "") : sent);
    }

    private static HttpResponse page(Page page, int status, Actor.Staff staff, StaffAdmin.PartnerStaff team,
                                     Map<String, String> errors, Sent sent) {
        return PartnerStaffPages.page(page, status, staff.partner().orElseThrow().name(), team.list(),
                staff.member().email(), errors, sent.name(), sent.email(), sent.role());
    }

    private static HttpResponse list(List<StaffMember> members) {
        ObjectNode answer = Json.object();
        ArrayNode staff = answer.putArray("staff");
        members.forEach(m -> staff.add(member(m)));
        return HttpResponse.json(200, Json.write(answer));
    }

    private static ObjectNode member(StaffMember member) {
        ObjectNode node = Json.object();
        node.put("name", member.name());
        node.put("email", member.email());
        node.put("role", member.role().wire());
        node.put("enabled", member.enabled());
        return node;
    }

    /** JSON when the body is JSON, or a GET that does not ask for a page. */
    private static boolean wantsJson(HttpRequest request) {
        if (request.method().equals("GET")) {
            return !request.prefersHtml();
        }
        return request.mediaType().filter("application/json"::equals).isPresent();
    }

    private static Sent sent(HttpRequest request, boolean json) {
        if (json) {
            JsonNode body = Json.parse(request.body());
            return new Sent(true, text(body, "email"), text(body, "name"), text(body, "role"));
        }
        FormBody form = FormBody.parse(request.body());
        return new Sent(false, form.single("email").orElse(""), form.single("name").orElse(""),
                form.single("role").orElse(""));
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.isObject() ? body.get(field) : null;
        return value != null && value.isTextual() ? value.asText() : "";
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        return request == null || wantsJson(request) ? super.badRequest(request, message)
                : PartnerStaffPages.refused(Page.of(request, "/partner").switchingAt(PAGE), 400);
    }

    /** {@code GET /partner/staff} with a session no one was given: one read, no write. */
    @Override
    protected APIGatewayV2HTTPEvent primeRequest() {
        return withUnknownStaffSession("GET", PAGE, null);
    }
}
