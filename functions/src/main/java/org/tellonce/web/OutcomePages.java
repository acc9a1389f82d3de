package org.tellonce.web;

import java.util.List;
import java.util.Optional;
import org.tellonce.core.outcome.Outcome;
import org.tellonce.http.HttpResponse;

/** The public outcomes page (SPEC section 13): what partners changed, in the reader's language. */
public final class OutcomePages {
    private OutcomePages() {
    }

    /** One outcome in words: who and when, its words, how many stories it answers. */
    record Item(String id, String title, String by, String text, String stories) {
    }

    /** The page: newest first; {@code older}, the link to the next page (null on the last). */
    record ListModel(List<Item> outcomes, String older) {
    }

    /** @param older the cursor of the next page, if there is one */
    public static HttpResponse list(Page page, List<Outcome> outcomes, Optional<String> older) {
        List<Item> items = outcomes.stream().map(o -> new Item(o.outcomeId(), o.title(),
                page.t("outcomes.by", o.partnerName(), page.text().dateTime(o.at())), o.text(),
                o.countShown() ? page.t("outcomes.stories", o.stories()) : page.t("outcomes.fewer"))).toList();
        ListModel model = new ListModel(items, older.map(c -> "/outcomes?cursor=" + c).orElse(null));
        PageOutput out = page.output();
        JteoutcomesGenerated.render(out, null, page, model);
        return page.respond(200, out);
    }
}
