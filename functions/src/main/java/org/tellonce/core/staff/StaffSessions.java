package org.tellonce.core.staff;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.tellonce.core.verify.ResidentSessionStore;
import org.tellonce.core.verify.ResidentSessions;

/**
 * A staff member's session: made as residents' are (a random token, kept on the server only as its
 * hash), for 8 hours, and bound to the person and their generation. Disabling them or changing their
 * role moves them to a new generation, which ends every session they had at once.
 */
public final class StaffSessions {
    public static final Duration LIFETIME = Duration.ofHours(8);
    public static final String COOKIE = "staff_session";
    private static final char GENERATION = '.';

    private final ResidentSessions tokens;
    private final StaffStore staff;

    public StaffSessions(ResidentSessionStore store, StaffStore staff, Clock clock) {
        this.tokens = new ResidentSessions(store, clock, LIFETIME);
        this.staff = staff;
    }

    ResidentSessions.Issued issue(String staffKey, long generation) {
        return tokens.issue(staffKey + GENERATION + generation);
    }

    /** An open session: whose (their staff key, the access log's actor) and the member as they are now. */
    public record Session(String staffKey, StaffMember member) {
        /** No personal data in logs, even by accident. */
        @Override
        public String toString() {
            return "Session[" + member + "]";
        }
    }

    /** The member whose open session this token is, while they are enabled and it is of their generation. */
    public Optional<StaffMember> member(String token) {
        return session(token).map(Session::member);
    }

    /** The open session this token is, while its member is enabled and it is of their generation. */
    public Optional<Session> session(String token) {
        return tokens.residentKey(token).flatMap(this::current);
    }

    /** Ends the session on the server: the token opens nothing from now on. */
    public void end(String token) {
        tokens.end(token);
    }

    private Optional<Session> current(String subject) {
        int dot = subject.lastIndexOf(GENERATION);
        String staffKey = subject.substring(0, dot);
        long generation = Long.parseLong(subject.substring(dot + 1));
        return staff.find(staffKey).filter(s -> s.generation() == generation && s.member().enabled())
                .map(s -> new Session(staffKey, s.member()));
    }
}
