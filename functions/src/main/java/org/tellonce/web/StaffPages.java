package org.tellonce.web;

import java.util.Map;
import org.tellonce.core.staff.StaffMember;
import org.tellonce.http.HttpResponse;

/** Staff sign-in at {@code /staff/sign-in}: the e-mail, then the code; signed in, who and sign out. */
public final class StaffPages {
    private StaffPages() {
    }

    /** The first step when {@code email} is null, else the second (the code sent to it). */
    public static HttpResponse signIn(Page page, int status, String email, Map<String, String> errors) {
        return render(page, status, email, null, errors);
    }

    public static HttpResponse signedIn(Page page, StaffMember member) {
        return render(page, 200, null, member, Map.of());
    }

    /** Signed in, with the daily digest's on/off form ({@code digest}: their choice; null: not for their role). */
    public static HttpResponse signedIn(Page page, StaffMember member, Boolean digest) {
        String title = page.t("staff.title");
        PageOutput out = page.output();
        JtestaffSignInGenerated.render(out, null, page, title, null, member, Map.of(), digest);
        return page.respond(200, out);
    }

    /** The digest e-mail's opt-out link: a button, so nothing changes on a GET (mail scanners follow links). */
    public static HttpResponse unsubscribe(Page page, String token) {
        PageOutput out = page.output();
        JtestaffDigestGenerated.render(out, null, page, page.t("digest.unsubscribe.title"), token);
        return page.respond(200, out);
    }

    public static HttpResponse unsubscribed(Page page) {
        PageOutput out = page.output();
        JtestaffDigestGenerated.render(out, null, page, page.t("digest.unsubscribed.title"), null);
        return page.respond(200, out);
    }

    private static HttpResponse render(Page page, int status, String email, StaffMember member,
                                       Map<String, String> errors) {
        String title = page.t("staff.title");
        PageOutput out = page.output();
        JtestaffSignInGenerated.render(out, null, page, errors.isEmpty() ? title : page.t("error.titlePrefix", title),
                email, member, errors, null);
        return page.respond(status, out);
    }
}
