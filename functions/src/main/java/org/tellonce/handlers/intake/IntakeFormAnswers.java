package org.tellonce.handlers.intake;

import java.util.Map;
import org.tellonce.core.crypto.Hashing;
import org.tellonce.core.intake.IntakeOutcome;
import org.tellonce.core.intake.StoryRequest;
import org.tellonce.core.intake.Violation;
import org.tellonce.core.resident.PartnerDirectory;
import org.tellonce.core.story.Topics;
import org.tellonce.http.FormBody;
import org.tellonce.http.HttpRequest;
import org.tellonce.http.HttpResponse;
import org.tellonce.http.ManageAccess;
import org.tellonce.web.Page;
import org.tellonce.web.Pages;

/** The story form's answer to each intake outcome: the story page, or the form again with what to fix. */
record IntakeFormAnswers(Topics topics, PartnerDirectory partners) {

    HttpResponse of(IntakeOutcome outcome, HttpRequest request, StoryBody.Form posted) {
        StoryRequest story = posted.story();
        FormBody body = posted.body();
        Page page = Pages.formPage(Page.of(request, "/"), story);
        if (outcome instanceof IntakeOutcome.PartnersNotEnabled refused) {
            return formAgain(page, story, body, refused.fields());
        }
        if (outcome instanceof IntakeOutcome.Accepted a) {
            return HttpResponse.redirect("/stories/" + a.reference().value())
                    .cookie(ManageAccess.setCookie(a.reference(), a.manageToken()));
        }
        if (outcome instanceof IntakeOutcome.Replayed r && r.manageToken().isPresent()) {
            return HttpResponse.redirect("/stories/" + r.reference().value())
                    .cookie(ManageAccess.setCookie(r.reference(), r.manageToken().get()));
        }
        if (outcome instanceof IntakeOutcome.Replayed r) {
            return Pages.duplicate(page, r.reference().value());
        }
        if (outcome instanceof IntakeOutcome.Duplicate d) {
            return Pages.duplicate(page, d.reference().value());
        }
        if (outcome instanceof IntakeOutcome.RateLimited limited) {
            return Pages.problem(page, 429, "problem.rateLimited.title", "problem.rateLimited.body")
                    .header("retry-after", Long.toString(limited.retryAfterSeconds()));
        }
        if (outcome instanceof IntakeOutcome.Rejected rejected) {
            return formAgain(page, story, body, rejected.fields());
        }
        return Pages.problem(page, 409, "problem.retry.title", "problem.retry.body");
    }

    private HttpResponse formAgain(Page page, StoryRequest story, FormBody body, Map<String, Violation> fields) {
        return Pages.form(page, 400, topics, partners.choices(), story, fields,
                body.single("submission").orElse(Hashing.randomToken(16)));
    }
}
