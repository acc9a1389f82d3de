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

    private static HttpResponse render(Page page, int status, String email, StaffMember member,
                                       Map<String, String> errors) {
        String title = page.t("staff.title");
        PageOutput out = page.output();
        JtestaffSignInGenerated.render(out, null, page, errors.isEmpty() ? title : page.t("error.titlePrefix", title),
                email, member, errors);
        return page.respond(status, out);
    }
}
