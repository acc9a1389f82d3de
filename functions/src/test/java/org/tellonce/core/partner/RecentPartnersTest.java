package org.tellonce.core.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.tellonce.testing.ManualClock;

/** The short per-container cache of the partner list, on a clock the test moves (no sleeps). */
class RecentPartnersTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final InMemoryPartnerStore store = new InMemoryPartnerStore(InMemoryPartnerStore.enabled("council"));
    private final RecentPartners recent = new RecentPartners(store, clock, RecentPartners.DEFAULT_TTL);

    @Test
    void theListIsReadOnceWithinTheTtl() {
        recent.all();
        clock.advance(Duration.ofSeconds(29));
        recent.all();

        assertThat(store.reads()).isEqualTo(1);
    }

    @Test
    void aPartnerDisabledShowsInTheListOnceTheTtlHasPassed() {
        assertThat(recent.all()).allMatch(Partner::enabled);
        store.setEnabled("council", false);

        clock.advance(Duration.ofSeconds(29));
        assertThat(recent.all()).as("within the TTL the list may be stale").allMatch(Partner::enabled);
        clock.advance(Duration.ofSeconds(1));
        assertThat(recent.all()).as("after the TTL").noneMatch(Partner::enabled);
        assertThat(store.reads()).isEqualTo(2);
    }

    @Test
    void oneDisabledPartnerIsSeenAtOnceByIdWhatTheAuthorizerAndFeedRead() {
        recent.all();
        store.setEnabled("council", false);

        assertThat(recent.find("council")).hasValueSatisfying(p -> assertThat(p.enabled()).isFalse());
    }

    @Test
    void aListCachedBeforeASnapshotIsReadAgainAfterARestoreLater() {
        recent.all();
        clock.advance(Duration.ofDays(3));

        recent.all();

        assertThat(store.reads()).isEqualTo(2);
    }
}
