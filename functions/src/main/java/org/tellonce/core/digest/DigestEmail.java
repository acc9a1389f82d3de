package org.tellonce.core.digest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.tellonce.core.email.EmailSender;
import org.tellonce.core.language.Messages;
import org.tellonce.core.story.Reference;

/**
 * One person's daily digest. E-mail is not a safe place for a disclosure, so it holds only what
 * cannot identify anyone: how many stories, and for each its reference, topics, received date and
 * link. Never a story's text, a name or a contact: {@link Item} has no field that could carry them.
 * Its opt-out link is also its {@code List-Unsubscribe} header, for the mail program's own button.
 */
public final class DigestEmail {
    private DigestEmail() {
    }

    /** What the digest tells of one story. */
    public record Item(String storyId, Reference reference, List<String> topics, Instant receivedAt) {
        public Item {
            topics = List.copyOf(topics);
        }
    }

    public static EmailSender.Email compose(Messages messages, String to, String partnerName, List<Item> items,
                                            DigestLinks links, String staffKey) {
        String lines = items.stream().map(i -> messages.get("digest.email.item", i.reference().value(),
                        topics(messages, i.topics()), messages.date(i.receivedAt()), links.story(i.storyId())))
                .collect(Collectors.joining("\n"));
        String subject = messages.get(items.size() == 1 ? "digest.email.subject.one" : "digest.email.subject",
                items.size(), partnerName);
        String text = messages.get(items.size() == 1 ? "digest.email.intro.one" : "digest.email.intro",
                items.size(), partnerName) + "\n\n" + lines + "\n\n"
                + messages.get("digest.email.inbox", links.inbox()) + "\n\n"
                + messages.get("digest.email.unsubscribe", links.unsubscribe(staffKey));
        // RFC 8058: a mail program's own "unsubscribe" POSTs to the same link, no page needed.
        return new EmailSender.Email(to, subject, text, Map.of(
                "List-Unsubscribe", "<" + links.unsubscribe(staffKey) + ">",
                "List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
    }

    private static String topics(Messages messages, List<String> topics) {
        return topics.isEmpty() ? messages.get("digest.email.noTopic")
                : topics.stream().map(messages::topic).collect(Collectors.joining(", "));
    }
}
