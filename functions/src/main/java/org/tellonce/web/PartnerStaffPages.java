package org.tellonce.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tellonce.core.staff.Role;
import org.tellonce.core.staff.StaffMember;
import org.tellonce.http.HttpResponse;

/** {@code GET /partner/staff}: a partner admin's own partner's staff, and the forms to add and disable. */
public final class PartnerStaffPages {
    private PartnerStaffPages() {
    }

    /** One member as the page shows them. @param you whether this is the admin looking at the page */
    public record Row(String name, String email, String role, boolean enabled, boolean you) {
    }

    /** The page in words: the members, and the add form as it was sent (when it comes back with errors). */
    public record View(String partnerName, List<Row> members, Map<String, String> errors, String name, String email,
                       List<Pages.Option> roles) {
    }

    /**
     * @param you      the e-mail of the admin looking at the page (no button to disable themselves)
     * @param errors   what to fix in the add form, field by field, already in the page's language
     * @param sentRole the role the form sent, to tick it again
     */
    public static HttpResponse page(Page page, int status, String partnerName, List<StaffMember> members, String you,
                                    Map<String, String> errors, String name, String email, String sentRole) {
        List<Row> rows = members.stream()
                .sorted(java.util.Comparator.comparing(StaffMember::name, String.CASE_INSENSITIVE_ORDER))
                .map(m -> new Row(m.name(), m.email(), m.role().wire(), m.enabled(), m.email().equals(you)))
                .toList();
        List<Pages.Option> roles = new ArrayList<>();
        String ticked = sentRole == null || sentRole.isBlank() ? Role.READER.wire() : sentRole;
        for (Role role : Role.values()) {
            if (role.ofAPartner()) {
                roles.add(new Pages.Option(roles.isEmpty() ? "role" : "role-" + role.wire(), role.wire(),
                        page.t("staff.role." + role.wire()), role.wire().equals(ticked)));
            }
        }
        String title = page.t("partnerStaff.title", partnerName);
        PageOutput out = page.output();
        JtepartnerStaffGenerated.render(out, null, page, errors.isEmpty() ? title : page.t("error.titlePrefix", title),
                new View(partnerName, rows, errors, name == null ? "" : name, email == null ? "" : email, roles));
        return page.respond(status, out);
    }

    /**
     * A staff page refused: not signed in (401, a link to sign in), a role without the right (403), or a
     * form that could not be read (400).
     */
    public static HttpResponse refused(Page page, int status) {
        PageOutput out = page.output();
        String kind = status == 401 ? "signIn" : status == 400 ? "unreadable" : "forbidden";
        JteproblemGenerated.render(out, null, page, page.t("staffWork." + kind + ".title"),
                page.t("staffWork." + kind + ".body"), status == 401 ? "/staff/sign-in" : "/partner",
                "staffWork." + kind + ".link");
        return page.respond(status, out);
    }
}
