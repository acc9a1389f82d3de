package org.tellonce.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tellonce.http.Json;
import org.tellonce.local.LocalStack;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.StackClient;
import org.tellonce.testing.StackClient.Response;
import org.tellonce.testing.StoryTexts;
import org.tellonce.testing.TableItems;
import org.tellonce.testing.TestPhones;

/**
 * SNS delivers at least once, and sometimes the same message several times at the same moment:
 * however many deliveries of one {@code inboundMessageId} arrive, and however they overlap, the
 * resident's text is one story and gets one reply.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SmsRedeliveryIntegrationTest {
    private static LocalStack stack;
    private static StackClient http;
    private static TableItems table;

    @BeforeAll
    static void startStack() {
        stack = LocalStack.start(LocalStack.Options.inMemory(ProjectFiles.template()));
        http = new StackClient(stack.baseUrl());
        table = new TableItems(stack);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @ParameterizedTest(name = "{0} deliveries across {1} threads")
    @CsvSource({"5, 5", "20, 8"})
    void theSameMessageDeliveredManyTimesAtOnceIsOneStoryWithOneReply(int deliveries, int threads) throws Exception {
        String from = TestPhones.next();
        String text = StoryTexts.unique("The crossing outside the primary school needs a lollipop person.");
        ObjectNode message = Json.object();
        message.put("originationNumber", from);
        message.put("destinationNumber", "+447700900000");
        message.put("messageKeyword", "KEYWORD_123456789012");
        message.put("messageBody", text);
        message.put("inboundMessageId", UUID.randomUUID().toString());
        message.putNull("previousPublishedMessageId");
        byte[] body = Json.write(message).getBytes(StandardCharsets.UTF_8);

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> sent = new ArrayList<>();
        try {
            for (int i = 0; i < deliveries; i++) {
                sent.add(pool.submit(() -> {
                    start.await();
                    return http.post("/_local/sms", "application/json", body);
                }));
            }
            start.countDown();
            for (Future<Response> f : sent) {
                Response response = f.get(30, TimeUnit.SECONDS);
                assertThat(response.status()).as(response.toString()).isEqualTo(202);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(table.storiesTelling(text)).hasSize(1);
        List<String> replies = new ArrayList<>();
        for (JsonNode m : http.get("/_local/sms/outbox").json().path("messages")) {
            if (m.path("to").asText().equals(from)) {
                replies.add(m.path("body").asText());
            }
        }
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0)).contains(table.storiesTelling(text).get(0).get("reference").s());
    }
}
