package org.tellonce.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignatureTest {
    // The published Standard Webhooks test vector: a receiver's own library must accept what we send.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final String BODY = "{\"test\": 2432232314}";

    @Test
    void signsTheStandardWebhooksTestVectorExactly() {
        assertThat(Signature.sign(SECRET, ID, TIMESTAMP, BODY)).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aReceiverAcceptsOneOfSeveralSignaturesAndRefusesATamperedBodyIdOrTime() {
        String header = "v1,bm9wZQ== " + Signature.sign(SECRET, ID, TIMESTAMP, BODY);
        assertThat(Signature.verify(SECRET, ID, TIMESTAMP, BODY, header)).isTrue();
        assertThat(Signature.verify(SECRET, ID, TIMESTAMP, BODY.replace('2', '3'), header)).isFalse();
        assertThat(Signature.verify(SECRET, "msg_other", TIMESTAMP, BODY, header)).isFalse();
        assertThat(Signature.verify(SECRET, ID, TIMESTAMP + 1, BODY, header)).isFalse();
        assertThat(Signature.verify(WebhookSecret.generate(), ID, TIMESTAMP, BODY, header)).isFalse();
        assertThat(Signature.verify(SECRET, ID, TIMESTAMP, BODY, null)).isFalse();
    }

    @Test
    void aNewSecretIsThirtyTwoRandomBytesAfterWhsec() {
        String one = WebhookSecret.generate();
        assertThat(one).startsWith("whsec_");
        assertThat(WebhookSecret.key(one)).hasValueSatisfying(k -> assertThat(k).hasSize(32));
        assertThat(WebhookSecret.generate()).isNotEqualTo(one);
        assertThat(WebhookSecret.key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isEmpty();
        assertThat(WebhookSecret.key("whsec_not base64!")).isEmpty();
        assertThatThrownBy(() -> Signature.sign("nope", ID, TIMESTAMP, BODY)).hasMessageNotContaining("nope");
    }
}
