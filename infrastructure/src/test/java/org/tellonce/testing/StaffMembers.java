package org.tellonce.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.tellonce.adapters.email.LocalEmailOutbox;
import org.tellonce.local.LocalStack;

/**
 * Staff on the local stack: added as the admin adds them ({@code tellonce staff add}), signed in as a
 * person does (a code by e-mail from the outbox, then the {@code staff_session} cookie).
 */
public final class StaffMembers {
    private final LocalStack stack;
    private final Admin admin;
    private final StackClient client;

    public StaffMembers(LocalStack stack, Admin admin) {
        this.stack = stack;
        this.admin = admin;
        this.client = new StackClient(stack.baseUrl());
    }

    /** Adds a member ({@code partnerId} null for a partnership-wide role) and signs them in: their cookie header. */
    public String addAndSignIn(String email, String name, String role, String partnerId) {
        if (partnerId == null) {
            admin.addStaff(email, name, role);
        } else {
            admin.addStaff(email, name, role, "--partner", partnerId);
        }
        return signIn(email);
    }

    /** Signs an existing member in with the e-mailed code; @return {@code "Cookie: staff_session=..."} value. */
    public String signIn(String email) {
        StackClient.Response asked = client.post("/staff/sign-in", "application/json",
                ("{\"email\":\"" + email + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(asked.status()).as(asked.toString()).isEqualTo(202);
        StackClient.Response confirmed = client.post("/staff/sign-in/confirm", "application/json",
                ("{\"email\":\"" + email + "\",\"code\":\"" + lastCodeTo(email) + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        String cookie = confirmed.setCookies().stream().filter(c -> c.startsWith("staff_session="))
                .findFirst().orElseThrow(() -> new AssertionError("no staff_session cookie: " + confirmed));
        return cookie.substring(0, cookie.indexOf(';'));
    }

    /** The sign-in code in the newest e-mail to {@code email}. */
    public String lastCodeTo(String email) {
        List<LocalEmailOutbox.Sent> sent = stack.emailOutbox().sent().stream()
                .filter(s -> s.email().to().equalsIgnoreCase(email)).toList();
        assertThat(sent).as("an e-mail to the staff member").isNotEmpty();
        return Residents.code(sent.get(sent.size() - 1).email().text());
    }
}
