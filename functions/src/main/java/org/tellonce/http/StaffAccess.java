package org.tellonce.http;

import java.util.Optional;
import org.tellonce.core.staff.StaffMember;
import org.tellonce.core.staff.StaffSessions;
import org.tellonce.core.verify.ResidentSessions;

/** A staff member's session on a request: the HttpOnly {@code staff_session} cookie. */
public final class StaffAccess {
    private StaffAccess() {
    }

    public static Optional<String> token(HttpRequest request) {
        return request.cookie(StaffSessions.COOKIE);
    }

    /** The member whose open session the request carries. */
    public static Optional<StaffMember> member(HttpRequest request, StaffSessions sessions) {
        return token(request).flatMap(sessions::member);
    }

    /** The open session the request carries: its member and their staff key. */
    public static Optional<StaffSessions.Session> session(HttpRequest request, StaffSessions sessions) {
        return token(request).flatMap(sessions::session);
    }

    public static String setCookie(ResidentSessions.Issued session) {
        return StaffSessions.COOKIE + "=" + session.token() + "; Path=/; Max-Age="
                + StaffSessions.LIFETIME.toSeconds() + "; HttpOnly; Secure; SameSite=Strict";
    }

    public static String clearCookie() {
        return StaffSessions.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict";
    }
}
