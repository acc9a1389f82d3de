package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tellonce.http.ApiHandler;
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
}
