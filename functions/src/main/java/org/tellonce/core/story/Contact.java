package org.tellonce.core.story;

/** A resident's contact details, already normalised. */
public sealed interface Contact permits Contact.Email, Contact.Phone {

    /** The canonical form the resident key is computed from. */
    String normalised();

    /** Lower-cased and trimmed. */
    record Email(String address) implements Contact {
        @Override
        public String normalised() {
            return address;
        }
    }

    /** E.164. */
    record Phone(String e164) implements Contact {
        @Override
        public String normalised() {
            return e164;
        }
    }
}
