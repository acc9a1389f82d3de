package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.TableItems;

/** What SnapStart runs before the snapshot: every HTTP function primes itself without touching data. */
class SnapStartPrimingIntegrationTest {
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(LocalStack.Options.inMemory(ProjectFiles.template()));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void primingEveryHttpFunctionWritesNothingAndNeverFails() throws Exception {
        TableItems table = new TableItems(stack);
        int before = table.count();
        for (SamTemplate.Function function : stack.template().functions()) {
            Object handler = Class.forName(function.handlerClass()).getDeclaredConstructor().newInstance();
            if (handler instanceof ApiHandler api) {
                assertThatCode(api::prime).as(function.logicalId()).doesNotThrowAnyException();
            }
        }
        assertThat(table.count()).as("items after priming").isEqualTo(before);
    }

    @Test
    void primingCountsNoTrafficInTheMetrics() throws Exception {
        java.io.ByteArrayOutputStream primed = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream real = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        org.tellonce.config.Env.override(java.util.Map.of("TELLONCE_EMF", "1"));
        try {
            System.setOut(new java.io.PrintStream(primed, true, java.nio.charset.StandardCharsets.UTF_8));
            for (SamTemplate.Function function : stack.template().functions()) {
                Object handler = Class.forName(function.handlerClass()).getDeclaredConstructor().newInstance();
                if (handler instanceof ApiHandler api) {
                    api.prime();
                }
            }
            // The same refused story as a real request is counted: the capture does see metrics.
            System.setOut(new java.io.PrintStream(real, true, java.nio.charset.StandardCharsets.UTF_8));
            org.tellonce.handlers.intake.SubmitStoryHandler intake = new org.tellonce.handlers.intake.SubmitStoryHandler();
            intake.handleRequest(com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.builder()
                    .withRawPath("/stories")
                    .withHeaders(java.util.Map.of("content-type", "application/json"))
                    .withBody("{\"story\":\"short\"}")
                    .withRequestContext(com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent
                            .RequestContext.builder().withRequestId("real-request")
                            .withHttp(com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent
                                    .RequestContext.Http.builder().withMethod("POST").build())
                            .build())
                    .build(), null);
        } finally {
            org.tellonce.config.Env.clear("TELLONCE_EMF");
            System.setOut(original);
        }
        // The story intake's warm-up is a refused story: it must not show up as a rejection in CloudWatch.
        assertThat(primed.toString(java.nio.charset.StandardCharsets.UTF_8)).as("EMF lines while priming")
                .doesNotContain("\"_aws\"");
        assertThat(real.toString(java.nio.charset.StandardCharsets.UTF_8)).as("EMF lines for a real request")
                .contains("\"_aws\"").contains("Rejections");
    }
}
