package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.config.Config;
import org.tellonce.handlers.ApiHandler;
import org.tellonce.handlers.intake.SubmitStoryHandler;
import org.tellonce.testing.ProjectFiles;
import org.tellonce.testing.TableItems;
import org.tellonce.wiring.Wiring;

/**
 * What SnapStart runs before the snapshot: each function's wiring primes its clients and runs the
 * warm-ups its handler registered, without touching data and without counting traffic.
 */
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

    /** A function's wiring as Lambda builds it (a fresh container), from that function's own environment. */
    private static Wiring container(SamTemplate.Function function, boolean emf) {
        return new Wiring(Config.from(stack.environment(function.logicalId())).withEmf(emf), stack.overrides());
    }

    @Test
    void primingEveryFunctionWritesNothingAndNeverFails() {
        TableItems table = new TableItems(stack);
        int before = table.count();
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int httpFunctions = 0;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            for (SamTemplate.Function function : stack.template().functions()) {
                Wiring wiring = container(function, false);
                if (LambdaInvoker.newHandler(function.handlerClass(), wiring) instanceof ApiHandler) {
                    httpFunctions++;
                }
                assertThatCode(wiring::prime).as(function.logicalId()).doesNotThrowAnyException();
            }
        } finally {
            System.setErr(original);
        }
        assertThat(table.count()).as("items after priming").isEqualTo(before);
        assertThat(httpFunctions).isGreaterThan(1);
        // The warm-ups went through the handlers: the story intake's, a story refused as too short, reached the rules.
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains(
                "\"function\":\"SubmitStoryHandler\",\"requestId\":\"prime\",\"event\":\"intake\",\"detail\":\"Rejected\"");
    }

    @Test
    void primingCountsNoTrafficInTheMetrics() {
        ByteArrayOutputStream primed = new ByteArrayOutputStream();
        ByteArrayOutputStream primedLogs = new ByteArrayOutputStream();
        ByteArrayOutputStream real = new ByteArrayOutputStream();
        PrintStream original = System.out;
        PrintStream originalErr = System.err;
        SubmitStoryHandler intake = null;
        try {
            System.setOut(new PrintStream(primed, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(primedLogs, true, StandardCharsets.UTF_8));
            for (SamTemplate.Function function : stack.template().functions()) {
                // Metrics on, as in Lambda.
                Wiring wiring = container(function, true);
                Object handler = LambdaInvoker.newHandler(function.handlerClass(), wiring);
                if (handler instanceof SubmitStoryHandler submit) {
                    intake = submit;
                }
                wiring.prime();
            }
            // The same refused story as a real request, on the same handler, is counted: the capture does see metrics.
            System.setOut(new PrintStream(real, true, StandardCharsets.UTF_8));
            intake.handleRequest(APIGatewayV2HTTPEvent.builder()
                    .withRawPath("/stories")
                    .withHeaders(Map.of("content-type", "application/json"))
                    .withBody("{\"story\":\"short\"}")
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("real-request")
                            .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
                            .build())
                    .build(), null);
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
        assertThat(primedLogs.toString(StandardCharsets.UTF_8)).as("the intake's warm-up ran")
                .contains("\"requestId\":\"prime\",\"event\":\"intake\"");
        // The story intake's warm-up is a refused story: it must not show up as a rejection in CloudWatch.
        assertThat(primed.toString(StandardCharsets.UTF_8)).as("EMF lines while priming").doesNotContain("\"_aws\"");
        assertThat(real.toString(StandardCharsets.UTF_8)).as("EMF lines for a real request")
                .contains("\"_aws\"").contains("Rejections");
    }
}
