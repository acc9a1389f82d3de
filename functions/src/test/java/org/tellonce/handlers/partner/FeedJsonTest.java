package org.tellonce.handlers.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tellonce.core.feed.FeedItem;
import org.tellonce.core.feed.FeedPage;
import org.tellonce.core.feed.FeedResponse;
import org.tellonce.core.story.Channel;
import org.tellonce.core.story.Reference;
import org.tellonce.core.story.Share;

/** The partner API's item as SPEC §7 lists it: every field, in order, absent values as null. */
class FeedJsonTest {
    private static final Instant RECEIVED = Instant.parse("2026-03-12T14:05:00Z");
    private static final Instant SHARED = Instant.parse("2026-03-12T14:05:01.250Z");

    @Test
    void anAnonymousItemWithoutAnAreaHasNullAreaAndContact() {
        FeedItem item = new FeedItem("2f1c9a0e-5b7d-4c3e-9f6a-8d2b1e0c7a54", new Reference("TO-7QK4MZ"), RECEIVED,
                SHARED, Channel.SMS, List.of("health", "transport"), Optional.empty(), "cy", Share.ANONYMOUS,
                "Call [phone removed]", Optional.empty(), List.of(), false);

        assertThat(FeedJson.page(new FeedPage(List.of(item), Optional.of("abc")))).isEqualTo("{\"items\":[{"
                + "\"storyId\":\"2f1c9a0e-5b7d-4c3e-9f6a-8d2b1e0c7a54\",\"reference\":\"TO-7QK4MZ\","
                + "\"receivedAt\":\"2026-03-12T14:05:00Z\",\"sharedAt\":\"2026-03-12T14:05:01.250Z\",\"channel\":\"sms\","
                + "\"topics\":[\"health\",\"transport\"],\"area\":null,\"language\":\"cy\",\"text\":\"Call [phone removed]\","
                + "\"status\":\"shared\",\"contact\":null,\"history\":[],\"chosenByResident\":false,\"handling\":\"new\","
                + "\"assignee\":null,\"lead\":null,\"overdue\":false}],\"nextCursor\":\"abc\"}");
    }

    @Test
    void anIdentifiedItemNamesEveryContactFieldAndItsHistory() {
        FeedItem.Earlier earlier = new FeedItem.Earlier("1d0b8f2a-3c4e-4a5b-8c7d-6e5f4a3b2c1d", new Reference("TO-222222"),
                Instant.parse("2026-02-01T09:00:00Z"), List.of("health"), "Earlier.");
        FeedItem item = new FeedItem("2f1c9a0e-5b7d-4c3e-9f6a-8d2b1e0c7a54", new Reference("TO-7QK4MZ"), RECEIVED,
                SHARED, Channel.WEB, List.of(), Optional.of("LE1"), "en", Share.IDENTIFIED, "Hello",
                Optional.of(new FeedItem.ContactDetails(Optional.of("Sam"), Optional.empty(),
                        Optional.of("+447700900123"), true)), List.of(earlier), true);

        assertThat(FeedJson.one(item)).isEqualTo("{\"storyId\":\"2f1c9a0e-5b7d-4c3e-9f6a-8d2b1e0c7a54\","
                + "\"reference\":\"TO-7QK4MZ\",\"receivedAt\":\"2026-03-12T14:05:00Z\","
                + "\"sharedAt\":\"2026-03-12T14:05:01.250Z\",\"channel\":\"web\",\"topics\":[],\"area\":\"LE1\","
                + "\"language\":\"en\",\"text\":\"Hello\",\"status\":\"shared\","
                + "\"contact\":{\"name\":\"Sam\",\"email\":null,\"phone\":\"+447700900123\",\"verified\":true},"
                + "\"history\":[{\"storyId\":\"1d0b8f2a-3c4e-4a5b-8c7d-6e5f4a3b2c1d\",\"reference\":\"TO-222222\","
                + "\"receivedAt\":\"2026-02-01T09:00:00Z\",\"topics\":[\"health\"],\"text\":\"Earlier.\"}],"
                + "\"chosenByResident\":true,\"handling\":\"new\",\"assignee\":null,\"lead\":null,\"overdue\":false}");
    }

    @Test
    void theLeadPartnerAndTheResponseClockAreInEveryItem() {
        FeedItem item = new FeedItem("2f1c9a0e-5b7d-4c3e-9f6a-8d2b1e0c7a54", new Reference("TO-7QK4MZ"), RECEIVED,
                SHARED, Channel.WEB, List.of(), Optional.empty(), "en", Share.ANONYMOUS, "Hello", Optional.empty(),
                List.of(), false, org.tellonce.core.feed.Work.NONE,
                Optional.of(new org.tellonce.core.feed.Lead("council", "City Council", RECEIVED)), true);

        assertThat(FeedJson.one(item)).endsWith("\"lead\":{\"partnerId\":\"council\",\"name\":\"City Council\"},"
                + "\"overdue\":true}");
        assertThat(FeedJson.lead(Optional.of(new org.tellonce.core.feed.Lead("council", "City Council", RECEIVED))))
                .isEqualTo("{\"lead\":{\"partnerId\":\"council\",\"name\":\"City Council\"},"
                        + "\"since\":\"2026-03-12T14:05:00Z\"}");
        assertThat(FeedJson.lead(Optional.empty())).isEqualTo("{\"lead\":null}");
    }

    @Test
    void anEmptyPageHasANullCursorAndAResponseSaysWhatWasStored() {
        assertThat(FeedJson.page(new FeedPage(List.of(), Optional.empty()))).isEqualTo("{\"items\":[],\"nextCursor\":null}");
        assertThat(FeedJson.response(new FeedResponse("r1", "s1", "Thanks", Instant.parse("2026-03-12T10:00:00.123Z"))))
                .isEqualTo("{\"responseId\":\"r1\",\"storyId\":\"s1\",\"text\":\"Thanks\",\"at\":\"2026-03-12T10:00:00.123Z\"}");
    }
}
