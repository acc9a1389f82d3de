package org.tellonce.adapters.email;

import org.tellonce.core.email.EmailSender;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageHeader;

/** E-mail through Amazon SES (API v2, {@code SendEmail}) from the stack's verified sender identity. */
public final class SesEmailSender implements EmailSender {
    private final SesV2Client client;
    private final String from;

    public SesEmailSender(SesV2Client client, String from) {
        this.client = client;
        this.from = from;
    }

    @Override
    public void send(Email email) {
        client.sendEmail(b -> b.fromEmailAddress(from)
                .destination(d -> d.toAddresses(email.to()))
                .content(c -> c.simple(m -> m
                        .subject(s -> s.data(email.subject()).charset("UTF-8"))
                        .body(body -> body.text(t -> t.data(email.text()).charset("UTF-8")))
                        .headers(email.headers().entrySet().stream().map(h -> MessageHeader.builder()
                                .name(h.getKey()).value(h.getValue()).build()).toList()))));
    }
}
