package org.tellonce.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tellonce.adapters.email.LocalEmailOutbox;
import org.tellonce.adapters.sms.LocalOutbox;
import org.tellonce.local.LocalStack;

/** A resident on the local stack: texts through End User Messaging, reads the outboxes, proves a contact. */
public final class Residents {
    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");
    private static final Pattern REFERENCE = Pattern.compile("TO-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}");

    private final LocalStack stack;
    private final StackClient client;

    public Residents(LocalStack stack) {
        this.stack = stack;
        this.client = new StackClient(stack.baseUrl());
    }

    /** Texts {@code text} from {@code phone}, as End User Messaging delivers it. */
    public void texts(String phone, String text) {
        String body = "{\"originationNumber\":\"" + phone + "\",\"destinationNumber\":\"+447700900000\","
                + "\"messageBody\":\"" + text + "\",\"inboundMessageId\":\"" + UUID.randomUUID() + "\"}";
        assertThat(client.post("/_local/sms", "application/json", body.getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(202);
    }

    /** Tells a story by SMS; @return its reference, from the reply. */
    public String textsStory(String phone, String text) {
        texts(phone, text);
        Matcher m = REFERENCE.matcher(lastTextTo(phone));
        assertThat(m.find()).as("a reference in the reply").isTrue();
        return m.group();
    }

    public List<String> textsTo(String phone) {
        return stack.outbox().sent().stream().filter(s -> s.to().equals(phone)).map(LocalOutbox.Sent::body).toList();
    }

    public String lastTextTo(String phone) {
        List<String> texts = textsTo(phone);
        assertThat(texts).as("a text to the resident").isNotEmpty();
        return texts.get(texts.size() - 1);
    }

    public List<LocalEmailOutbox.Sent> emailsTo(String address) {
        return stack.emailOutbox().sent().stream().filter(s -> s.email().to().equals(address)).toList();
    }

    /** The code in the newest message to {@code contact} (an e-mail address or a phone number). */
    public String lastCodeTo(String contact) {
        String message;
        if (contact.contains("@")) {
            List<LocalEmailOutbox.Sent> sent = emailsTo(contact);
            assertThat(sent).as("an e-mail to the resident").isNotEmpty();
            message = sent.get(sent.size() - 1).email().text();
        } else {
            message = lastTextTo(contact);
        }
        return code(message);
    }

    public static String code(String message) {
        Matcher m = CODE.matcher(message);
        assertThat(m.find()).as("a 6-digit code in the message").isTrue();
        return m.group(1);
    }

    /** Proves the contact with the code sent to it, as the resident would; @return the resident token. */
    public String signIn(String contact) {
        StackClient.Response asked = client.post("/residents/verify", "application/json",
                ("{\"contact\":\"" + contact + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(asked.status()).as(asked.toString()).isEqualTo(202);
        StackClient.Response confirmed = client.post("/residents/verify/confirm", "application/json",
                ("{\"contact\":\"" + contact + "\",\"code\":\"" + lastCodeTo(contact) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        return confirmed.json().path("residentToken").asText();
    }
}
