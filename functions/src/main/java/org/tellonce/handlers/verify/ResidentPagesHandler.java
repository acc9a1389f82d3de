package org.tellonce.handlers.verify;

import java.util.Map;
import java.util.Optional;
import org.tellonce.core.verify.MyStories;
import org.tellonce.core.verify.ResidentSessions;
import org.tellonce.core.verify.Verification;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.ResidentAccess;
import org.tellonce.http.SameOrigin;
import org.tellonce.telemetry.Log;
import org.tellonce.wiring.Wiring;
import org.tellonce.web.MePages;
import org.tellonce.web.Page;
import org.tellonce.web.Pages;

/**
 * "Your stories" for browsers, without JavaScript: {@code GET /me}; {@code POST /me/code} (the
 * contact) and {@code POST /me/confirm} (the code) open a session kept in an HttpOnly cookie; then
 * {@code POST /me/private}, {@code /me/notifications}, {@code /me/erase} and {@code /me/sign-out}.
 */
public final class ResidentPagesHandler extends ApiHandler {
    private static final String HOME = "/me";

    private final Verification verification;
    private final ResidentSessions sessions;
    private final MyStories mine;

    public ResidentPagesHandler() {
        this(Wiring.lambda());
    }

    public ResidentPagesHandler(Wiring wiring) {
        this(wiring.verification(), wiring.residentSessions(), wiring.myStories());
        attach(wiring);
    }

    public ResidentPagesHandler(Verification verification, ResidentSessions sessions, MyStories mine) {
        this.verification = verification;
        this.sessions = sessions;
        this.mine = mine;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Page page = Page.of(request, "/");
        Optional<String> residentKey = ResidentAccess.residentKey(request, sessions);
        if (request.method().equals("GET")) {
            return residentKey.isPresent() ? list(page, residentKey.get(), 200, Map.of(),
                    Optional.ofNullable(request.query().get("cursor")))
                    : MePages.signIn(page, 200, null, Map.of());
        }
        Page answered = page.switchingAt(HOME);
        if (SameOrigin.crossSite(request)) {
            return Pages.problem(answered, 403, "problem.crossSite.title", "problem.crossSite.body");
        }
        FormBody form = FormBody.parse(request.body());
        String action = request.path().substring(request.path().lastIndexOf('/') + 1);
        if (action.equals("code")) {
            return sendCode(answered, form);
        }
        if (action.equals("confirm")) {
            return confirm(request, answered, form);
        }
        if (residentKey.isEmpty()) {
            // The session ended (30 minutes) while the page was open: start again.
            return HttpResponse.redirect(HOME);
        }
        return act(request, answered, action, form, residentKey.get());
    }

    private HttpResponse act(HttpRequest request, Page page, String action, FormBody form, String residentKey) {
        switch (action) {
            case "private" -> {
                MyStories.Changed changed = mine.makeAllPrivate(residentKey);
                Log.info(ResidentPagesHandler.class, request.requestId(), "all_private", Integer.toString(changed.count()));
                return noticed(changed.finished() ? "private" : "privatePartly");
            }
            case "notifications" -> {
                mine.setReplyNotifications(residentKey, form.single("replies").filter("yes"::equals).isPresent());
                return noticed("notifications");
            }
            case "erase" -> {
                if (form.single("confirm").filter("yes"::equals).isEmpty()) {
                    return list(page, residentKey, 400, Map.of("confirm", page.t("me.erase.error")), Optional.empty());
                }
                MyStories.Changed erased = mine.eraseAll(residentKey);
                Log.info(ResidentPagesHandler.class, request.requestId(),
                        erased.finished() ? "resident_erased" : "resident_erasing", Integer.toString(erased.count()));
                // Not finished in time: the session stays, and the same button erases the rest.
                return erased.finished() ? signedOut(request, "erased") : noticed("erasing");
            }
            default -> {
                return signedOut(request, "signedOut");
            }
        }
    }

    private HttpResponse sendCode(Page page, FormBody form) {
        String contact = form.single("contact").orElse("").strip();
        Verification.Request outcome = verification.request(contact, page.language());
        if (outcome instanceof Verification.NotAContact) {
            return MePages.signIn(page, 400, null, Map.of("contact", page.t("me.error.contact")));
        }
        if (outcome instanceof Verification.TooMany tooMany) {
            return MePages.signIn(page, 429, null, Map.of("contact", page.t("me.error.tooMany")))
                    .header("retry-after", Long.toString(tooMany.retryAfter().toSeconds()));
        }
        return MePages.signIn(page, 200, contact, Map.of());
    }

    private HttpResponse confirm(HttpRequest request, Page page, FormBody form) {
        String contact = form.single("contact").orElse("").strip();
        Verification.Confirmation outcome = verification.confirm(contact, form.single("code").orElse(""));
        Log.info(ResidentPagesHandler.class, request.requestId(), "code_confirmed", outcome.getClass().getSimpleName());
        if (!(outcome instanceof Verification.Confirmed confirmed)) {
            return MePages.signIn(page, 400, contact, Map.of("code", page.t("me.error.code")));
        }
        return HttpResponse.redirect(HOME).cookie(ResidentAccess.setCookie(confirmed.session()));
    }

    /** A page of the resident's stories; a cursor we never gave (an edited link) shows the newest instead. */
    private HttpResponse list(Page page, String residentKey, int status, Map<String, String> errors,
                              Optional<String> cursor) {
        MyStories.Page stories;
        try {
            stories = mine.page(residentKey, cursor, MyStories.PAGE_SIZE);
        } catch (MyStories.InvalidCursor e) {
            return HttpResponse.redirect(HOME);
        }
        String older = stories.nextCursor().map(c -> HOME + "?cursor=" + c).orElse(null);
        return MePages.stories(page, status, stories.stored(), older, cursor.isEmpty(),
                mine.replyNotifications(residentKey), errors);
    }

    private static HttpResponse noticed(String notice) {
        return HttpResponse.redirect(HOME + "?" + Page.NOTICE + "=" + notice);
    }

    private HttpResponse signedOut(HttpRequest request, String notice) {
        ResidentAccess.token(request).ifPresent(sessions::end);
        return noticed(notice).cookie(ResidentAccess.clearCookie());
    }

    @Override
    protected HttpResponse badRequest(HttpRequest request, String message) {
        return request == null ? super.badRequest(null, message)
                : MePages.signIn(Page.of(request, "/").switchingAt(HOME), 400, null,
                        Map.of("contact", Page.of(request, "/").t("me.error.contact")));
    }
}
