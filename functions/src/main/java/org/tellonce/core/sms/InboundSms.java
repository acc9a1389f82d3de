package org.tellonce.core.sms;

/** A text message a resident sent us, from either provider. */
public record InboundSms(Provider provider, String messageId, String from, String to, String body) {

    public enum Provider {
        /** AWS End User Messaging SMS, through SNS. */
        AWS,
        TWILIO;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
