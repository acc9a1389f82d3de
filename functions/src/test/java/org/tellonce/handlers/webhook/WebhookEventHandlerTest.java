package org.tellonce.handlers.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tellonce.config.Config;
import org.tellonce.wiring.Wiring;

class WebhookEventHandlerTest {
    /**
     * As in AWS: the server secret is only named (an SSM parameter this function may not read). The stream
     * function lists who has a webhook and never needs the secret, so it must start without reading it.
     */
    @Test
    void theStreamFunctionStartsWithoutTheServerSecret() {
        Config aws = Config.from(Map.of("TOPICS", "health,transport",
                "RESIDENT_KEY_SECRET_PARAMETER", "/tellonce/resident-key-secret",
                "SSM_ENDPOINT", "http://127.0.0.1:9", "DYNAMODB_ENDPOINT", "http://127.0.0.1:9",
                "WEBHOOK_QUEUE_URL", "https://sqs.eu-west-2.amazonaws.com/123456789012/tellonce-WebhookQueue.fifo",
                "AWS_REGION", "eu-west-2"));
        assertThatCode(() -> new WebhookEventHandler(new Wiring(aws))).doesNotThrowAnyException();
        assertThat(new WebhookEventHandler(new Wiring(aws)).handleRequest(null, null).getBatchItemFailures())
                .as("an empty batch queues nothing and reads nothing").isEmpty();
    }
}
