package org.tellonce.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The local stand-in for EventBridge schedules reads the template's rate expressions. */
class LocalSchedulesTest {

    @Test
    void aRateExpressionBecomesItsPeriodAndAnythingElseIsNotScheduled() {
        assertThat(LocalSchedules.rate("rate(5 minutes)")).contains(Duration.ofMinutes(5));
        assertThat(LocalSchedules.rate("rate(1 minute)")).contains(Duration.ofMinutes(1));
        assertThat(LocalSchedules.rate("rate(2 hours)")).contains(Duration.ofHours(2));
        assertThat(LocalSchedules.rate("rate(1 day)")).contains(Duration.ofDays(1));
        assertThat(LocalSchedules.rate("cron(0 12 * * ? *)")).isEqualTo(Optional.empty());
    }
}
