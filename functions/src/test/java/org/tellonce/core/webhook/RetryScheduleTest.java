package org.tellonce.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
    @Test
    void inAwsRetriesDoubleFromThirtySecondsToFourHoursAndGiveUpAfterADay() {
        RetrySchedule s = RetrySchedule.AWS;
        assertThat(s.delay(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.delay(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.delay(5)).isEqualTo(Duration.ofSeconds(480));
        assertThat(s.delay(12)).isEqualTo(Duration.ofHours(4));
        assertThat(s.delay(500)).isEqualTo(Duration.ofHours(4));
        Instant queued = Instant.parse("2026-12-01T10:00:00Z");
        Instant elapsed = queued;
        int attempts = 0;
        while (!s.givesUp(queued, attempts + 1, elapsed)) {
            elapsed = elapsed.plus(s.delay(attempts + 1));
            attempts++;
        }
        assertThat(Duration.between(queued, elapsed)).isLessThanOrEqualTo(Duration.ofHours(24))
                .isGreaterThan(Duration.ofHours(18));
        assertThat(attempts).isBetween(10, 16);
    }

    @Test
    void locallyTheRetriesComeAfterOneTwoFourAndEightSeconds() {
        RetrySchedule local = RetrySchedule.startingAt(1);
        assertThat(local.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(local.delay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(local.delay(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(local.delay(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(local.delay(30)).isEqualTo(Duration.ofMinutes(5));
        assertThat(local.window()).isEqualTo(Duration.ofHours(24));
    }
}
