package org.tellonce.web;

import java.util.List;
import org.tellonce.core.access.PartnerAudit;
import org.tellonce.http.HttpResponse;

/** {@code GET /partner/audit}: a partner admin's access log, newest first, a page at a time. */
public final class AuditPages {
    private AuditPages() {
    }

    /** One entry in words: when, which story, what, and who (a member of staff, or the API key). */
    record Row(String when, String reference, String what, String who) {
    }

    /** @param older the link to the next (older) page; null on the last */
    record AuditView(String title, String partnerName, List<Row> rows, String older) {
    }

    public static HttpResponse log(Page page, String partnerName, PartnerAudit.Page audit) {
        List<Row> rows = audit.lines().stream().map(line -> new Row(page.text().dateTime(line.entry().at()),
                line.entry().reference().value(), page.t("audit.action." + line.entry().action().wire()),
                line.entry().staffKey().isEmpty() ? page.t("audit.api")
                        : line.member().map(m -> m.name() + " (" + m.email() + ")")
                                .orElseGet(() -> page.t("audit.unknownStaff"))))
                .toList();
        String older = audit.nextCursor().map(c -> "/partner/audit?cursor=" + c).orElse(null);
        PageOutput out = page.output();
        JtepartnerAuditGenerated.render(out, null, page, new AuditView(page.t("audit.title"), partnerName, rows, older));
        return page.respond(200, out);
    }
}
