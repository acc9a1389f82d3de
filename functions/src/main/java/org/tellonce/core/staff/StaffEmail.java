package org.tellonce.core.staff;

import java.util.Optional;
import org.tellonce.core.intake.ContactParser;
import org.tellonce.core.story.Contact;

/** A staff member's e-mail as typed: read as residents' addresses are, lower-cased and trimmed. */
public final class StaffEmail {
    private StaffEmail() {
    }

    public static Optional<String> parse(String raw) {
        return ContactParser.parse(raw == null ? "" : raw.strip())
                .filter(Contact.Email.class::isInstance).map(Contact::normalised);
    }
}
