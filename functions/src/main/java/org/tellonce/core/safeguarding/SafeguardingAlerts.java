package org.tellonce.core.safeguarding;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.tellonce.core.access.Action;
import org.tellonce.core.access.Policy;
import org.tellonce.core.email.EmailSender;
import org.tellonce.core.moderation.Concern;
import org.tellonce.core.sms.SmsSender;
import org.tellonce.core.staff.StaffMember;
import org.tellonce.core.story.Reference;

/**
 * Safeguarding alerts (SPEC §12): a story held because its text raised a safeguarding concern is told
 * at once to every enabled {@code safeguarding} and {@code partnership-admin} staff member, by e-mail,
 * and by SMS to those with a phone. An alert holds the reference, the concerns in words, how long the
 * story has been held and a link to it: never the text, nor anything about the resident.
 *
 * <p>Alerts go in rounds. Round 0 is the first alert; while the story is still held
 * {@link #RESEND_AFTER} after a round began, the next round goes to everyone again. Each send is
 * recorded per round, person and channel after it succeeded, so a retry (the stream's, or the next
 * scheduled run's) sends only what is missing. A story decided or erased gets no further alert.
 *
 * <p>A package apart from {@code core.moderation}: intake and sharing use that one, and knowing the staff
 * and the senders from it would make a package cycle.
 */
public final class SafeguardingAlerts {
    /** How long an alert may go unanswered before everyone is alerted again. */
    public static final Duration RESEND_AFTER = Duration.ofMinutes(30);

    public enum Channel {
        EMAIL, SMS;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Channel> parse(String wire) {
            for (Channel c : values()) {
                if (c.wire().equals(wire)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    /** A flagged story still held, as an alert needs it: never its text or anything about its teller. */
    public record HeldStory(Reference reference, String storyId, List<Concern> concerns, Instant heldAt) {
        public HeldStory {
            concerns = List.copyOf(concerns);
        }
    }

    /** One place in the moderation queue (no story read): what the run's figures need. */
    public record QueueEntry(Reference reference, boolean flagged, Instant heldAt) {
    }

    /** A staff member by staff key (a keyed hash of the e-mail). */
    public record Recipient(String staffKey, StaffMember member) {
        @Override
        public String toString() {
            return "Recipient[" + member + "]";
        }
    }

    /** One alert sent: in which round, to whom, by which channel, when. */
    public record Sent(int round, String staffKey, Channel channel, Instant at) {
    }

    /** Where the held stories are read and the alerts sent are recorded. */
    public interface Store {
        /** The story as it is now when it is still held with a safeguarding concern; empty otherwise. */
        Optional<HeldStory> flaggedHeld(Reference reference);

        /** Every alert recorded as sent about the story. */
        List<Sent> sent(Reference reference);

        /** Records an alert sent; false when it was already recorded (a concurrent run sent it too). */
        boolean record(Reference reference, Sent sent);

        /** The whole moderation queue, flagged first then oldest, one page at a time, each given before the next is read. */
        void queue(Consumer<List<QueueEntry>> page);
    }

    /** What alerting one story did: sends that succeeded and sends that failed (to be retried). */
    public record Result(int sent, int failed) {
        static final Result NONE = new Result(0, 0);

        Result plus(Result other) {
            return new Result(sent + other.sent, failed + other.failed);
        }
    }

    /** What a scheduled run did, for the log and the metrics: counts only. */
    public record Sweep(int held, int flagged, Optional<Instant> oldestHeldAt, int sent, int failed) {
        /** How many whole hours the oldest held story has waited at {@code now}; 0 when none waits. */
        public long oldestHeldHours(Instant now) {
            return oldestHeldAt.map(at -> Math.max(0, Duration.between(at, now).toHours())).orElse(0L);
        }
    }

    private final Store store;
    private final Supplier<List<Recipient>> staff;
    private final EmailSender email;
    private final SmsSender sms;
    private final String publicUrl;

    /**
     * @param staff     every staff member (the ones alerted are chosen here)
     * @param publicUrl the site's address, for the link to the story's moderation page
     */
    public SafeguardingAlerts(Store store, Supplier<List<Recipient>> staff, EmailSender email, SmsSender sms,
                              String publicUrl) {
        this.store = store;
        this.staff = staff;
        this.email = email;
        this.sms = sms;
        this.publicUrl = publicUrl;
    }

    /**
     * Whether a staff member is alerted: enabled, and one who may see flagged stories as the one policy
     * says (safeguarding and partnership administrators).
     */
    public static boolean alerted(StaffMember member) {
        return member.enabled() && Policy.roleMay(member.role(), Action.SEE_FLAGGED);
    }

    /** Alerts about one story as it is now (the stream's path): what is due and not yet sent. */
    public Result alert(Reference reference, Instant now) {
        return alert(reference, now, new Lazy(staff));
    }

    /**
     * The scheduled run: reads the whole moderation queue, page by page, for its figures, and for each
     * flagged story sends what is due and not yet sent (a failed first alert, or the next round).
     */
    public Sweep sweep(Instant now) {
        Lazy recipients = new Lazy(staff);
        int[] counts = new int[2];
        Instant[] oldest = new Instant[1];
        Result[] result = {Result.NONE};
        store.queue(page -> {
            for (QueueEntry entry : page) {
                counts[0]++;
                if (oldest[0] == null || entry.heldAt().isBefore(oldest[0])) {
                    oldest[0] = entry.heldAt();
                }
                if (entry.flagged()) {
                    counts[1]++;
                    try {
                        result[0] = result[0].plus(alert(entry.reference(), now, recipients));
                    } catch (RuntimeException e) {
                        // The store failed for this story: the next run tries again; the others go on.
                        result[0] = result[0].plus(new Result(0, 1));
                    }
                }
            }
        });
        return new Sweep(counts[0], counts[1], Optional.ofNullable(oldest[0]), result[0].sent(), result[0].failed());
    }

    private Result alert(Reference reference, Instant now, Lazy recipients) {
        Optional<HeldStory> held = store.flaggedHeld(reference);
        if (held.isEmpty()) {
            return Result.NONE;
        }
        List<Sent> sent = store.sent(reference);
        int round = 0;
        Set<String> done = new HashSet<>();
        if (!sent.isEmpty()) {
            int last = sent.stream().mapToInt(Sent::round).max().orElseThrow();
            Instant began = sent.stream().filter(s -> s.round() == last).map(Sent::at).min(Instant::compareTo)
                    .orElseThrow();
            if (now.isBefore(began.plus(RESEND_AFTER))) {
                round = last;
                sent.stream().filter(s -> s.round() == last).forEach(s -> done.add(s.staffKey() + "#" + s.channel()));
            } else {
                round = last + 1;
            }
        }
        int sentNow = 0;
        int failed = 0;
        int thisRound = round;
        for (Recipient r : recipients.get()) {
            if (!alerted(r.member())) {
                continue;
            }
            if (!done.contains(r.staffKey() + "#" + Channel.EMAIL)) {
                if (send(() -> email.send(email(held.get(), thisRound, now, r.member().email())), reference,
                        new Sent(round, r.staffKey(), Channel.EMAIL, now))) {
                    sentNow++;
                } else {
                    failed++;
                }
            }
            if (r.member().phone().filter(p -> !p.isBlank()).isPresent()
                    && !done.contains(r.staffKey() + "#" + Channel.SMS)) {
                if (send(() -> sms.send(r.member().phone().get(), sms(held.get(), thisRound, now)), reference,
                        new Sent(round, r.staffKey(), Channel.SMS, now))) {
                    sentNow++;
                } else {
                    failed++;
                }
            }
        }
        return new Result(sentNow, failed);
    }

    /** Sends, then records; a send that failed is not recorded, so the next try sends it. */
    private boolean send(Runnable sending, Reference reference, Sent sent) {
        try {
            sending.run();
        } catch (RuntimeException e) {
            return false;
        }
        store.record(reference, sent);
        return true;
    }

    /** The link to the story's moderation page (its path names the story by its reference). */
    public String link(HeldStory story) {
        return publicUrl + "/moderation/stories/" + story.reference().value();
    }

    EmailSender.Email email(HeldStory story, int round, Instant now, String to) {
        String subject = (round == 0 ? "" : "Reminder, still held: ") + "TellOnce safeguarding alert: story "
                + story.reference().value();
        String text = "A story told to TellOnce raised a safeguarding concern. It is held: no partner sees it until a"
                + " moderator decides.\n\n"
                + "Reference: " + story.reference().value() + "\n"
                + "Concern: " + concerns(story.concerns()) + "\n"
                + "Held for: " + held(story.heldAt(), now) + "\n\n"
                + (round == 0 ? "" : "No one has decided on it yet. ")
                + "Review it: " + link(story) + "\n\n"
                + "This alert holds nothing of the story or of the person who told it: sign in to read it.\n";
        return new EmailSender.Email(to, subject, text);
    }

    String sms(HeldStory story, int round, Instant now) {
        return "TellOnce safeguarding alert" + (round == 0 ? "" : " (reminder)") + ": story " + story.reference().value()
                + ", " + concerns(story.concerns()) + ", held " + held(story.heldAt(), now) + ". Review: "
                + link(story);
    }

    /** The concerns in words, for staff. */
    static String concerns(List<Concern> concerns) {
        return concerns.isEmpty() ? "safeguarding" : concerns.stream().map(SafeguardingAlerts::words)
                .collect(Collectors.joining("; "));
    }

    static String words(Concern concern) {
        return switch (concern) {
            case RISK_TO_LIFE -> "risk to life or self-harm";
            case ABUSE_OR_NEGLECT -> "abuse or neglect of a child or an adult";
            case DOMESTIC_ABUSE -> "domestic abuse";
            case MEDICAL_EMERGENCY -> "urgent medical danger";
        };
    }

    /** How long a story has been held, in plain words. */
    static String held(Instant heldAt, Instant now) {
        long minutes = Math.max(0, Duration.between(heldAt, now).toMinutes());
        if (minutes < 1) {
            return "less than a minute";
        }
        if (minutes < 60) {
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
        long hours = minutes / 60;
        long rest = minutes % 60;
        return hours + (hours == 1 ? " hour" : " hours") + (rest == 0 ? "" : " " + rest + (rest == 1 ? " minute" : " minutes"));
    }

    /** The staff list, read once per run and only when a flagged story needs it. */
    private static final class Lazy {
        private final Supplier<List<Recipient>> source;
        private List<Recipient> value;

        Lazy(Supplier<List<Recipient>> source) {
            this.source = source;
        }

        List<Recipient> get() {
            if (value == null) {
                value = new ArrayList<>(source.get());
            }
            return value;
        }
    }
}
