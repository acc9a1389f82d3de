package org.tellonce.core.sms;

import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.tellonce.core.language.Language;
import org.tellonce.core.language.Messages;
import org.tellonce.core.story.Share;

/**
 * What TellOnce says by SMS, in the language of the conversation, from the {@code sms.*} texts of
 * the message bundles. Kept short and in the GSM-7 alphabet: every 160 characters (153 in a longer
 * message) is another segment to pay for, and one character outside GSM-7 turns the whole message
 * into UCS-2 (70, or 67, characters a segment). A partner's reply is passed on as it was written.
 */
public final class SmsTexts {
    /** The texts in English, the default when a number has chosen no language. */
    public static final SmsTexts ENGLISH = new SmsTexts(Language.EN);
    private static final Map<Language, SmsTexts> ALL = new EnumMap<>(Language.class);

    static {
        for (Language language : Language.values()) {
            ALL.put(language, language == Language.EN ? ENGLISH : new SmsTexts(language));
        }
    }

    /** The longest partner response notification, in characters. */
    static final int PARTNER_RESPONSE_MAX = 1000;
    /** STATUS stays within two segments of GSM-7. */
    static final int STATUS_MAX = 2 * 153;

    private final Language language;
    private final Messages messages;

    private SmsTexts(Language language) {
        this.language = language;
        this.messages = Messages.of(language);
    }

    public static SmsTexts in(Language language) {
        return ALL.get(language);
    }

    public Language language() {
        return language;
    }

    /** Where to find help now (999, Samaritans, NHS 111): added to the answer to a story that raised a concern. */
    public String support() {
        return messages.get("sms.support");
    }

    public String received(String reference) {
        return messages.get("sms.received", reference);
    }

    /** A story a partner's staff recorded for the resident (SPEC section 15): its reference and where to see it. */
    public String assisted(String reference, String meUrl) {
        return messages.get("sms.assisted", reference, meUrl);
    }

    public String duplicate(String reference) {
        return messages.get("sms.duplicate", reference);
    }

    public String tooShort() {
        return messages.get("sms.tooShort");
    }

    public String tooLong() {
        return messages.get("sms.tooLong");
    }

    public String rateLimited() {
        return messages.get("sms.rateLimited");
    }

    public String cannotStore() {
        return messages.get("sms.cannotStore");
    }

    public String consent(String reference, Share share) {
        return messages.get("sms.consent." + share.wire(), reference);
    }

    /** The first routing question: what the story is about, with the numbered topic list. */
    public String topicQuestion(String reference, String numberedTopics) {
        return messages.get("sms.route.topic", reference, numberedTopics);
    }

    /** The topic question again, after an answer we could not read. */
    public String topicAgain(String numberedTopics) {
        return messages.get("sms.route.topicAgain", numberedTopics);
    }

    /** The second routing question: the area, as a postcode district or sector. */
    public String areaQuestion() {
        return messages.get("sms.route.area");
    }

    /** The area question again, after an answer that is no postcode area. */
    public String areaAgain() {
        return messages.get("sms.route.areaAgain");
    }

    /** STATUS: the newest story, who has it, and the latest reply (cut so the whole stays within two segments). */
    public String status(String reference, List<String> partners, Optional<String> latestReply) {
        String who = partners.isEmpty() ? messages.get("sms.status.nobody") : String.join(", ", partners);
        String reply = latestReply.orElseGet(() -> messages.get("sms.status.noReply"));
        String body = messages.get("sms.status", reference, who, reply);
        return body.length() > STATUS_MAX ? body.substring(0, STATUS_MAX - 3) + "..." : body;
    }

    /** STATUS (or DELETE) from a number we have no story from. */
    public String noStories() {
        return messages.get("sms.status.none");
    }

    /** DELETE on its own: how to confirm, naming the newest story. */
    public String deleteConfirm(String reference) {
        return messages.get("sms.delete.confirm", reference);
    }

    public String deleted(String reference) {
        return messages.get("sms.delete.done", reference);
    }

    /** The same answer whether the story does not exist, is erased already or came from another number. */
    public String deleteNotFound(String reference) {
        return messages.get("sms.delete.notFound", reference);
    }

    public String nothingPending() {
        return messages.get("sms.nothingPending");
    }

    public String withdrawn(int stories) {
        return stories == 0 ? messages.get("sms.withdrawn.none")
                : stories == 1 ? messages.get("sms.withdrawn.one")
                : messages.get("sms.withdrawn.many", stories);
    }

    public String started() {
        return messages.get("sms.started");
    }

    /** The one confirmation STOP sends (carriers expect it); nothing is sent after it until START. */
    public String stopped() {
        return messages.get("sms.stopped");
    }

    /** The answer to a redelivery while the first delivery of the same message is still at work. */
    public String onIt() {
        return messages.get("sms.onIt");
    }

    public String help() {
        return messages.get("sms.help");
    }

    /** The answer to ENGLISH, CYMRAEG or POLSKI: said in the language chosen. */
    public String languageChosen() {
        return messages.get("sms.language");
    }

    public String partnerResponse(String partnerName, String reference, String text) {
        String body = messages.get("sms.partnerResponse", partnerName, reference, text);
        return body.length() > PARTNER_RESPONSE_MAX ? body.substring(0, PARTNER_RESPONSE_MAX - 3) + "..." : body;
    }
}
