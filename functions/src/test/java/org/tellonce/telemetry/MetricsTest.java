package org.tellonce.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tellonce.http.Json;

/** The metric lines CloudWatch reads (EMF): what the alarms in template.yaml watch. */
class MetricsTest {

    @Test
    void anUnexpectedErrorCountsPerFunctionAndPerStackForTheOneAlarm() {
        String line = Json.write(Metrics.unexpectedErrorLine(MetricsTest.class, "tellonce-prod"));

        assertThat(line).contains("\"Namespace\":\"TellOnce\"", "\"Dimensions\":[[\"Function\"],[\"Stack\"]]",
                "\"Name\":\"UnexpectedErrors\"", "\"Function\":\"MetricsTest\"", "\"Stack\":\"tellonce-prod\"",
                "\"UnexpectedErrors\":1");
    }

    @Test
    void theOldestHeldStoryIsAFigureOfTheStackForItsAlarm() {
        String line = Json.write(Metrics.stackFigureLine(MetricsTest.class, "OldestHeldHours", 25, "tellonce-prod"));

        assertThat(line).contains("\"Dimensions\":[[\"Function\"],[\"Stack\"]]", "\"Name\":\"OldestHeldHours\"",
                "\"Stack\":\"tellonce-prod\"", "\"OldestHeldHours\":25");
    }
}
